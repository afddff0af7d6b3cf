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
    IOptions<CostOptions> options)
{
    /// <summary>
    /// What a real call of this (model, region) costs: its OpenAI-compatible server's own price when it has one, else
    /// the region's GPU rate (list price x region-pinning multiplier).
    /// </summary>
    public CostRate RateFor(string model, string region)
    {
        if (endpoints.FindOpenAi(model, region) is { Rate: { } own })
        {
            return own;
        }
        var regionCost = options.Value.Regions.TryGetValue(region, out var configured) ? configured : new RegionCostOptions();
        return new CostRate(regionCost.EffectiveUsdPerHour);
    }

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
            endpoints.Describe(model, region));
    }

    public async Task<CostEstimateResult> EstimateAsync(JobRequest request, CancellationToken cancellationToken)
    {
        var planned = await jobs.PlanAsync(request, cancellationToken);
        return planned.Plan is { } plan
            ? new CostEstimateResult(CostEstimator.Estimate(plan, ProfileFor), planned.Errors)
            : new CostEstimateResult(null, planned.Errors);
    }

    /// <summary>The cost recorded on a job's executions so far; null when there is no such job.</summary>
    public async Task<JobCost?> ActualAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        if (!await db.Jobs.AnyAsync(j => j.Id == jobId, cancellationToken))
        {
            return null;
        }
        var lanes = (await db.Executions.AsNoTracking()
            .Where(e => e.JobId == jobId && e.BilledSeconds != null)
            .GroupBy(e => new { e.ModelId, e.Region })
            .Select(g => new
            {
                g.Key.ModelId,
                g.Key.Region,
                Executions = g.Count(),
                Emulated = g.Count(e => e.Emulated),
                Seconds = g.Sum(e => e.BilledSeconds ?? 0),
                Usd = g.Sum(e => e.CostUsd ?? 0m),
            })
            .ToListAsync(cancellationToken))
            .Select(l => new CostLine(l.ModelId, l.Region, l.Executions, l.Emulated, l.Seconds, l.Usd))
            .OrderBy(l => l.Model, StringComparer.Ordinal).ThenBy(l => l.Region, StringComparer.Ordinal)
            .ToList();

        return new JobCost(
            jobId,
            Sum(lanes, null, null),
            lanes.GroupBy(l => l.Region).Select(g => Sum(g, null, g.Key)).OrderBy(l => l.Region, StringComparer.Ordinal).ToList(),
            lanes.GroupBy(l => l.Model).Select(g => Sum(g, g.Key, null)).OrderBy(l => l.Model, StringComparer.Ordinal).ToList(),
            lanes);
    }

    private static CostLine Sum(IEnumerable<CostLine> lines, string? model, string? region)
    {
        var list = lines.ToList();
        return new CostLine(model, region, list.Sum(l => l.Executions), list.Sum(l => l.EmulatedExecutions),
            Math.Round(list.Sum(l => l.BilledSeconds), 3), list.Sum(l => l.Usd));
    }
}
