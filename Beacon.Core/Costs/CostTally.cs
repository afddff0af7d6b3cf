namespace Beacon.Core.Costs;

/// <summary>
/// Running per-lane sums of finished calls' recorded cost. Calls are added, and taken away again when their execution
/// changes, one at a time, so a live job page keeps its cost current with work proportional to what changed.
/// </summary>
public sealed class CostTally
{
    private readonly Dictionary<(string Model, string Region), LaneSums> _lanes = [];

    public void Add(string model, string region, bool emulated, double billedSeconds, decimal usd) =>
        Change(model, region, emulated, billedSeconds, usd, +1);

    /// <summary>Takes away a call added before (pass the same values that were added).</summary>
    public void Remove(string model, string region, bool emulated, double billedSeconds, decimal usd) =>
        Change(model, region, emulated, billedSeconds, usd, -1);

    /// <summary>Adds a lane's calls counted elsewhere (an aggregate query): <paramref name="executions"/> of them, <paramref name="emulated"/> served by the emulator.</summary>
    public void AddSums(string model, string region, int executions, int emulated, double billedSeconds, decimal usd)
    {
        if (!_lanes.TryGetValue((model, region), out var sums))
        {
            sums = new LaneSums();
            _lanes[(model, region)] = sums;
        }
        sums.Executions += executions;
        sums.Emulated += emulated;
        sums.BilledSeconds += billedSeconds;
        sums.Usd += usd;
    }

    public CostBreakdown Breakdown() => CostBreakdown.From(_lanes
        .Where(l => l.Value.Executions > 0)
        .Select(l => new CostLine(l.Key.Model, l.Key.Region, l.Value.Executions, l.Value.Emulated, l.Value.BilledSeconds, l.Value.Usd)));

    private void Change(string model, string region, bool emulated, double billedSeconds, decimal usd, int sign)
    {
        if (!_lanes.TryGetValue((model, region), out var sums))
        {
            sums = new LaneSums();
            _lanes[(model, region)] = sums;
        }
        sums.Executions += sign;
        sums.Emulated += emulated ? sign : 0;
        sums.BilledSeconds = sums.Executions == 0 ? 0 : sums.BilledSeconds + sign * billedSeconds;
        sums.Usd = sums.Executions == 0 ? 0 : sums.Usd + sign * usd;
    }

    private sealed class LaneSums
    {
        public int Executions { get; set; }
        public int Emulated { get; set; }
        public double BilledSeconds { get; set; }
        public decimal Usd { get; set; }
    }
}
