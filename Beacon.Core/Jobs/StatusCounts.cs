namespace Beacon.Core.Jobs;

/// <summary>How many cells of a job are in each state.</summary>
public sealed record StatusCounts(int Pending, int Running, int Succeeded, int Failed, int Cancelled)
{
    public static StatusCounts Empty { get; } = new(0, 0, 0, 0, 0);

    public int Total => Pending + Running + Succeeded + Failed + Cancelled;
    public int Terminal => Succeeded + Failed + Cancelled;
    public bool AllTerminal => Pending == 0 && Running == 0;

    public static StatusCounts From(IEnumerable<(ExecutionStatus Status, int Count)> groups)
    {
        var c = Empty;
        foreach (var (status, count) in groups)
        {
            c = c.Plus(status, count);
        }
        return c;
    }

    /// <summary>These counts with <paramref name="count"/> more (or, negative, fewer) cells in <paramref name="status"/>.</summary>
    public StatusCounts Plus(ExecutionStatus status, int count) => status switch
    {
        ExecutionStatus.Pending => this with { Pending = Pending + count },
        ExecutionStatus.Running => this with { Running = Running + count },
        ExecutionStatus.Succeeded => this with { Succeeded = Succeeded + count },
        ExecutionStatus.Failed => this with { Failed = Failed + count },
        ExecutionStatus.Cancelled => this with { Cancelled = Cancelled + count },
        _ => this,
    };
}
