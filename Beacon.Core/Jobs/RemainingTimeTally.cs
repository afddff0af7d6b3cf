namespace Beacon.Core.Jobs;

/// <summary>
/// The running sums behind <see cref="RemainingTime"/>. Cells are added, and taken away again when they change, one at
/// a time: a live job page keeps its estimate current with work proportional to the cells that changed, not to the job.
/// </summary>
public sealed class RemainingTimeTally
{
    private readonly Dictionary<string, RegionSums> _regions = new(StringComparer.Ordinal);
    private int _measured;
    private double _measuredSeconds;

    public void Add(CellTiming cell) => Change(cell, +1);

    /// <summary>Takes away a cell added before (pass the same timing that was added).</summary>
    public void Remove(CellTiming cell) => Change(cell, -1);

    /// <summary>
    /// Adds a region's cells counted elsewhere (an aggregate query): <paramref name="unfinished"/> cells still to do and
    /// <paramref name="measured"/> finished cells that took <paramref name="seconds"/> together.
    /// </summary>
    public void AddSums(string region, int unfinished, int measured, double seconds)
    {
        ArgumentNullException.ThrowIfNull(region);
        if (!_regions.TryGetValue(region, out var sums))
        {
            sums = new RegionSums();
            _regions[region] = sums;
        }
        sums.Remaining += unfinished;
        sums.Measured += measured;
        sums.Seconds += seconds;
        _measured += measured;
        _measuredSeconds += seconds;
    }

    /// <returns>Zero when nothing is left; null when nothing has been measured yet (no honest estimate exists).</returns>
    public TimeSpan? Estimate(Func<string, int> concurrencyOfRegion)
    {
        ArgumentNullException.ThrowIfNull(concurrencyOfRegion);
        if (_regions.Values.All(r => r.Remaining == 0))
        {
            return TimeSpan.Zero;
        }
        if (_measured == 0)
        {
            return null;
        }

        var overallMean = _measuredSeconds / _measured;
        var longest = 0.0;
        foreach (var (region, r) in _regions)
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

    private void Change(CellTiming cell, int sign)
    {
        ArgumentNullException.ThrowIfNull(cell);
        if (!_regions.TryGetValue(cell.Region, out var sums))
        {
            sums = new RegionSums();
            _regions[cell.Region] = sums;
        }
        if (!cell.Finished)
        {
            sums.Remaining += sign;
        }
        else if (cell.Seconds is { } s && s >= 0 && double.IsFinite(s))
        {
            sums.Measured += sign;
            sums.Seconds = sums.Measured == 0 ? 0 : sums.Seconds + sign * s;
            _measured += sign;
            _measuredSeconds = _measured == 0 ? 0 : _measuredSeconds + sign * s;
        }
    }

    private sealed class RegionSums
    {
        public int Remaining { get; set; }
        public int Measured { get; set; }
        public double Seconds { get; set; }
    }
}
