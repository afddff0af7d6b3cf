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
        ArgumentNullException.ThrowIfNull(concurrencyOfRegion);

        var byRegion = new Dictionary<string, (int Remaining, int Measured, double Seconds)>(StringComparer.Ordinal);
        var measuredCount = 0;
        var measuredSeconds = 0.0;
        foreach (var cell in cells)
        {
            var entry = byRegion.GetValueOrDefault(cell.Region);
            if (!cell.Finished)
            {
                entry.Remaining++;
            }
            else if (cell.Seconds is { } s && s >= 0 && double.IsFinite(s))
            {
                entry.Measured++;
                entry.Seconds += s;
                measuredCount++;
                measuredSeconds += s;
            }
            byRegion[cell.Region] = entry;
        }

        if (byRegion.Values.All(r => r.Remaining == 0))
        {
            return TimeSpan.Zero;
        }
        if (measuredCount == 0)
        {
            return null;
        }

        var overallMean = measuredSeconds / measuredCount;
        var longest = 0.0;
        foreach (var (region, r) in byRegion)
        {
            if (r.Remaining == 0)
            {
                continue;
            }
            var mean = r.Measured > 0 ? r.Seconds / r.Measured : overallMean;
            var concurrency = Math.Max(1, concurrencyOfRegion(region));
            var rounds = Math.Ceiling(r.Remaining / (double)concurrency);
            longest = Math.Max(longest, rounds * mean);
        }
        return TimeSpan.FromSeconds(longest);
    }
}
