namespace Beacon.Core.Costs;

/// <summary>
/// What a job has cost so far, as recorded on its executions: in total, per region, per model and per (model, region)
/// lane. Built from the lane lines, so the API and the job page add up the same way.
/// </summary>
public sealed record CostBreakdown(
    CostLine Total,
    IReadOnlyList<CostLine> ByRegion,
    IReadOnlyList<CostLine> ByModel,
    IReadOnlyList<CostLine> ByLane)
{
    public static CostBreakdown Empty { get; } = From([]);

    /// <summary>Sums per-lane lines (one per (model, region); both keys set) into the breakdown.</summary>
    public static CostBreakdown From(IEnumerable<CostLine> lanes)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        var byLane = lanes
            .OrderBy(l => l.Model, StringComparer.Ordinal).ThenBy(l => l.Region, StringComparer.Ordinal)
            .ToList();
        return new CostBreakdown(
            Sum(byLane, null, null),
            byLane.GroupBy(l => l.Region).Select(g => Sum(g, null, g.Key)).OrderBy(l => l.Region, StringComparer.Ordinal).ToList(),
            byLane.GroupBy(l => l.Model).Select(g => Sum(g, g.Key, null)).OrderBy(l => l.Model, StringComparer.Ordinal).ToList(),
            byLane);
    }

    /// <summary>Adds up finished calls one by one (the job page, from its rows) into per-lane lines and the breakdown.</summary>
    public static CostBreakdown FromCalls(IEnumerable<(string Model, string Region, bool Emulated, double BilledSeconds, decimal Usd)> calls)
    {
        ArgumentNullException.ThrowIfNull(calls);
        var tally = new CostTally();
        foreach (var c in calls)
        {
            tally.Add(c.Model, c.Region, c.Emulated, c.BilledSeconds, c.Usd);
        }
        return tally.Breakdown();
    }

    /// <summary>The line of one lane, or null when none of its calls has finished.</summary>
    public CostLine? Lane(string model, string region) =>
        ByLane.FirstOrDefault(l => l.Model == model && l.Region == region);

    private static CostLine Sum(IEnumerable<CostLine> lines, string? model, string? region)
    {
        var list = lines.ToList();
        return new CostLine(model, region, list.Sum(l => l.Executions), list.Sum(l => l.EmulatedExecutions),
            Math.Round(list.Sum(l => l.BilledSeconds), 3), list.Sum(l => l.Usd));
    }
}
