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
            c = status switch
            {
                ExecutionStatus.Pending => c with { Pending = c.Pending + count },
                ExecutionStatus.Running => c with { Running = c.Running + count },
                ExecutionStatus.Succeeded => c with { Succeeded = c.Succeeded + count },
                ExecutionStatus.Failed => c with { Failed = c.Failed + count },
                ExecutionStatus.Cancelled => c with { Cancelled = c.Cancelled + count },
                _ => c,
            };
        }
        return c;
    }
}
