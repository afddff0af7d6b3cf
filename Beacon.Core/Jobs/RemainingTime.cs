namespace Beacon.Core.Jobs;

/// <summary>
/// Estimates how long the unfinished cells of a job will take, from the measured durations of its finished cells.
/// Regions run side by side and each runs a bounded number of calls at once, so the job takes as long as its slowest
/// region: for each region, remaining cells / concurrency x the mean duration measured in that region (or, before
/// that region has any, across the job). Running cells count as a whole cell still to do, which errs long.
/// </summary>
public static class RemainingTime
{
    /// <returns>Zero when nothing is left; null when nothing has been measured yet (no honest estimate exists).</returns>
    public static TimeSpan? Estimate(IEnumerable<CellTiming> cells, Func<string, int> concurrencyOfRegion)
    {
        ArgumentNullException.ThrowIfNull(cells);
        var tally = new RemainingTimeTally();
        foreach (var cell in cells)
        {
            tally.Add(cell);
        }
        return tally.Estimate(concurrencyOfRegion);
    }
}
