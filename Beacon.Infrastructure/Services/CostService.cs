using Beacon.Core.Abstractions;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Prices calls and jobs (docs/costs.md): the rate of the endpoint that serves a (model, region), the cost recorded on
/// each finished execution, a job's actual cost and a request's estimate.
/// </summary>
public sealed class CostService(
    IDbContextFactory<BeaconDbContext> dbFactory,
    JobService jobs,
    EndpointResolver endpoints,
    EndpointModelInfoStore modelInfo,
    IOptions<CostOptions> options,
    IOptions<EmulatorOptions> emulator,
    IOptions<InferenceOptions> inference)
{
    /// <summary>
    /// What a real call of this (model, region) costs: its OpenAI-compatible server's own price when it has one, else
    /// the region's GPU rate (list price x region-pinning multiplier, <see cref="PinningFor"/>).
    /// </summary>
    public CostRate RateFor(string model, string region)
    {
        if (endpoints.FindOpenAi(model, region) is { Rate: { } own })
        {
            return own;
        }
        return new CostRate(RegionCost(region).UsdPerHour * PinningFor(region).Multiplier);
    }

    /// <summary>
    /// The region's pinning multiplier: a configured override, else what the endpoint's model info reports for the
    /// pinning it was deployed with (broad 1.5x, narrow 1.75x), else the deploy default (broad, 1.5x).
    /// </summary>
    public RegionPinning PinningFor(string region) =>
        RegionPinning.Choose(RegionCost(region).PinningMultiplier, modelInfo.Find(region));

    private RegionCostOptions RegionCost(string region) =>
        options.Value.Regions.TryGetValue(region, out var configured) ? configured : new RegionCostOptions();

    /// <summary>The billed seconds and cost of one finished call. The emulator is free.</summary>
    public CallCost Bill(string model, string region, InferenceOutcome outcome, TimeSpan measured) =>
        CallCost.Bill(outcome.Emulated ? CostRate.Free : RateFor(model, region), outcome, measured);

    public LaneCostProfile ProfileFor(string model, string region)
    {
        var o = options.Value;
        var perModel = o.Models.TryGetValue(model, out var m) ? m : null;
        var server = endpoints.FindOpenAi(model, region);
        var served = endpoints.Describe(model, region);
        var (runCall, runColdStart) = served == "emulator" ? EmulatorTiming() : ((double?)null, (double?)null);
        return new LaneCostProfile(
            RateFor(model, region),
            perModel?.SecondsPerCall ?? o.SecondsPerCall,
            // An OpenAI-compatible server is already running (or bills per token): no cold start to pay for.
            server is null ? perModel?.ColdStartSeconds ?? o.ColdStartSeconds : 0,
            o.OutputTokensPerCall,
            served,
            server?.MaxConcurrency ?? modelInfo.Concurrency(region).Effective,
            server?.Served ?? region,
            runCall,
            runColdStart);
    }

    /// <summary>
    /// How long the emulator as configured takes: per call its mean latency, plus the share of calls it fails
    /// transiently (retried after the base delay) or hands off (polled once); per lane its cold start and the warm-up call.
    /// </summary>
    private (double? Call, double? ColdStart) EmulatorTiming()
    {
        var e = emulator.Value;
        var latency = (e.MinLatencyMs + Math.Max(e.MinLatencyMs, e.MaxLatencyMs)) / 2.0 / 1000;
        var retried = Math.Min(1, e.ServerErrorRate + e.RateLimitRate + e.MalformedRate);
        var call = latency + retried * (latency + inference.Value.RetryBaseDelay.TotalSeconds) + e.HandOffRate * e.HandOffPollMs / 1000.0;
        return (call, e.ColdStartMs / 1000.0 + latency);
    }

    /// <summary>
    /// How long a submitted job should take at the current settings: every lane has the same number of cells (questions x
    /// personas x repeats), so the job's size and lanes are enough.
    /// </summary>
    public TimeSpan EstimatedDuration(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        var lanes = job.Models.SelectMany(m => job.Regions.Select(r => (m, r))).ToList();
        if (lanes.Count == 0)
        {
            return TimeSpan.Zero;
        }
        var cells = job.ExecutionCount / lanes.Count;
        return TimeSpan.FromSeconds(CostEstimator.DurationSeconds(lanes.Select(l => (l.m, l.r, cells)), ProfileFor));
    }

    /// <summary>The estimate of a planned job at the configured rates and concurrency (the New job form and the API).</summary>
    public CostEstimate Estimate(JobPlan plan) => CostEstimator.Estimate(plan, ProfileFor);

    /// <summary>The estimate of a job as <paramref name="viewer"/> would submit it (only questions they may use).</summary>
    public async Task<CostEstimateResult> EstimateAsync(JobRequest request, Viewer viewer, CancellationToken cancellationToken)
    {
        var planned = await jobs.PlanAsync(request, viewer, cancellationToken);
        return planned.Plan is { } plan
            ? new CostEstimateResult(Estimate(plan), planned.Errors)
            : new CostEstimateResult(null, planned.Errors);
    }

    /// <summary>The cost recorded on a job's executions so far; null when there is no such job.</summary>
    public async Task<CostBreakdown?> ActualAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Jobs.AnyAsync(j => j.Id == jobId, cancellationToken))
        {
            return null;
        }
        var lanes = await db.Executions.AsNoTracking()
            .Where(e => e.JobId == jobId && e.BilledSeconds != null)
            .GroupBy(e => new { e.ModelId, e.Region })
            .Select(g => new CostLine(
                g.Key.ModelId,
                g.Key.Region,
                g.Count(),
                g.Count(e => e.Emulated),
                g.Sum(e => e.BilledSeconds ?? 0),
                g.Sum(e => e.CostUsd ?? 0m)))
            .ToListAsync(cancellationToken);
        return CostBreakdown.From(lanes);
    }
}
