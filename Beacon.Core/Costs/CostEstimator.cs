using Beacon.Core.Jobs;

namespace Beacon.Core.Costs;

/// <summary>
/// The one estimate of a planned job (docs/costs.md), used by the New job form and POST /api/jobs/estimate alike.
/// Cost: per lane, cells x assumed seconds per call plus one cold start, priced at the lane's rate; per-token prices use
/// the prompt sizes of the cells and an assumed answer length. Duration: lanes sharing an endpoint (a region, or one
/// OpenAI-compatible server) run side by side within its concurrency after their cold starts, groups run in parallel,
/// so the job takes as long as its slowest group: max cold start + sum(cells x seconds per call) / concurrency. The
/// duration counts the time calls take where they run now (the emulator's configured latency for emulated lanes); the
/// cost is what a real endpoint would bill.
/// </summary>
public static class CostEstimator
{
    /// <summary>Tokens a chat template adds around the system prompt and question.</summary>
    public const int TemplateTokens = 8;

    public static CostEstimate Estimate(JobPlan plan, Func<string, string, LaneCostProfile> profileFor)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(profileFor);
        var byLane = plan.Cells.ToLookup(c => (c.ModelId, c.Region));
        var lanes = new List<LaneCostEstimate>();
        foreach (var (model, region) in plan.Lanes)
        {
            var cells = byLane[(model, region)].ToList();
            var profile = profileFor(model, region);
            var seconds = cells.Count * profile.SecondsPerCall + (cells.Count > 0 ? profile.ColdStartSeconds : 0);
            var inputTokens = cells.Sum(c => (long)EstimateTokens(c.SystemPrompt) + EstimateTokens(c.Prompt) + TemplateTokens);
            var outputTokens = (long)cells.Count * Math.Min(profile.OutputTokensPerCall, plan.Parameters.MaxTokens);
            var usd = Math.Round(profile.Rate.UsdFor(seconds, inputTokens, outputTokens), 6, MidpointRounding.AwayFromZero);
            lanes.Add(new LaneCostEstimate(model, region, profile.Served, cells.Count, seconds, inputTokens, outputTokens, profile.Rate, usd,
                profile.SecondsPerCall, cells.Count > 0 ? profile.ColdStartSeconds : 0,
                profile.RunSecondsPerCall ?? profile.SecondsPerCall, cells.Count > 0 ? profile.RunColdStartSeconds ?? profile.ColdStartSeconds : 0));
        }
        var duration = DurationSeconds(plan.Lanes.Select(l => (l.Model, l.Region, byLane[(l.Model, l.Region)].Count())), profileFor);
        return new CostEstimate(lanes.Sum(l => l.Executions), lanes.Sum(l => l.Seconds), lanes.Sum(l => l.Usd), duration, lanes);
    }

    /// <summary>
    /// How long lanes of these sizes take, in seconds (one decimal): per group of lanes sharing an endpoint, the
    /// longest warm-up plus the group's calls divided by its concurrency; the slowest group decides. Used before
    /// submission (above) and for a submitted job's "estimated" beside its actual duration.
    /// </summary>
    public static double DurationSeconds(IEnumerable<(string Model, string Region, int Cells)> lanes, Func<string, string, LaneCostProfile> profileFor)
    {
        ArgumentNullException.ThrowIfNull(lanes);
        ArgumentNullException.ThrowIfNull(profileFor);
        var groups = new List<(string Group, int Concurrency, double CallSeconds, double ColdStart)>();
        foreach (var (model, region, cells) in lanes)
        {
            var profile = profileFor(model, region);
            groups.Add((profile.ConcurrencyGroup ?? region, Math.Max(1, profile.Concurrency), cells * (profile.RunSecondsPerCall ?? profile.SecondsPerCall),
                cells > 0 ? profile.RunColdStartSeconds ?? profile.ColdStartSeconds : 0));
        }
        var duration = groups
            .GroupBy(g => g.Group, StringComparer.Ordinal)
            .Select(g => g.Max(l => l.ColdStart) + g.Sum(l => l.CallSeconds) / g.Min(l => l.Concurrency))
            .DefaultIfEmpty(0)
            .Max();
        return Math.Round(duration, 1);
    }

    /// <summary>
    /// A tokenizer-free count: about four characters per token for Latin text, one per character otherwise (Chinese
    /// takes roughly one token per character), rounded up.
    /// </summary>
    public static int EstimateTokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var ascii = 0;
        var other = 0;
        foreach (var ch in text)
        {
            if (ch < 128)
            {
                ascii++;
            }
            else
            {
                other++;
            }
        }
        return (ascii + 3) / 4 + other;
    }
}
