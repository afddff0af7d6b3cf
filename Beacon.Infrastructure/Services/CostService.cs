using Beacon.Core.Abstractions;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
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
    IOptions<CostOptions> options)
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
        return new LaneCostProfile(
            RateFor(model, region),
            perModel?.SecondsPerCall ?? o.SecondsPerCall,
            // An OpenAI-compatible server is already running (or bills per token): no cold start to pay for.
            server is null ? perModel?.ColdStartSeconds ?? o.ColdStartSeconds : 0,
            o.OutputTokensPerCall,
            endpoints.Describe(model, region),
            server?.MaxConcurrency ?? modelInfo.Concurrency(region).Effective,
            server?.Served ?? region);
    }

    /// <summary>The estimate of a planned job at the configured rates and concurrency (the New job form and the API).</summary>
    public CostEstimate Estimate(JobPlan plan) => CostEstimator.Estimate(plan, ProfileFor);

    public async Task<CostEstimateResult> EstimateAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var planned = await jobs.PlanAsync(request, cancellationToken);
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
