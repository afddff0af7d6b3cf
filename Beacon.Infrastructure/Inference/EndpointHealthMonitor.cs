using System.Collections.Concurrent;
using Beacon.Core.Abstractions;
using Beacon.Core.Catalog;
using Beacon.Infrastructure.Options;
using Beacon.Infrastructure.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Checks each region's health endpoint on an interval and keeps the latest result with its latency. It only informs
/// (a failing health check once took a whole system down when it gated traffic): lanes never wait on it. Each round
/// also reads each real endpoint's model info: its capacity caps the region's calls in flight (RegionLimiter) and its
/// pinning sets the cost's multiplier (CostService).
/// </summary>
public sealed class EndpointHealthMonitor(
    IServiceScopeFactory scopes,
    IOptions<HealthOptions> options,
    TimeProvider time,
    EndpointModelInfoStore modelInfo,
    CostService costs,
    ILogger<EndpointHealthMonitor> logger)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, EndpointHealthSnapshot> _latest = new(StringComparer.Ordinal);

    public event Action? Changed;

    public IReadOnlyList<EndpointHealthSnapshot> Latest =>
        BuiltInCatalog.Regions.Select(r => _latest.TryGetValue(r.Code, out var s) ? s : EndpointHealthSnapshot.Unknown(r.Code)).ToList();

    public async Task CheckNowAsync(CancellationToken cancellationToken)
    {
        using var scope = scopes.CreateScope();
        var client = scope.ServiceProvider.GetRequiredService<IInferenceClient>();
        var regional = scope.ServiceProvider.GetService<RegionalEndpointClient>();
        await Task.WhenAll(BuiltInCatalog.Regions.Select(async region =>
        {
            if (regional is not null)
            {
                await ReadModelInfoAsync(regional, region.Code, cancellationToken);
            }
            EndpointHealth health;
            try
            {
                health = await client.CheckHealthAsync(region.Code, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health = new EndpointHealth(region.Code, false, "down", [], [], false, 0, ex.Message);
            }
            _latest[region.Code] = new EndpointHealthSnapshot(health, time.GetUtcNow(), modelInfo.Concurrency(region.Code), costs.PinningFor(region.Code));
        }));
        Changed?.Invoke();
    }

    private async Task ReadModelInfoAsync(RegionalEndpointClient client, string region, CancellationToken cancellationToken)
    {
        EndpointModelInfo? info;
        try
        {
            info = await client.GetModelInfoAsync(region, time.GetUtcNow(), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            info = new EndpointModelInfo(region, null, null, null, null, null, time.GetUtcNow(), ex.Message);
        }
        if (info is null)
        {
            return;
        }
        var previousError = modelInfo.Find(region)?.Error;
        var before = (modelInfo.Concurrency(region), costs.PinningFor(region));
        modelInfo.Record(info);
        var after = (modelInfo.Concurrency(region), costs.PinningFor(region));
        if (info.Error is not null)
        {
            if (info.Error == previousError)
            {
                return; // said once; health rounds repeat every few seconds
            }
            logger.LogWarning("Model info of {Region} not read ({Error}); keeping concurrency {Concurrency} and pinning {Pinning}",
                region, info.Error, after.Item1.Describe(), after.Item2.Describe());
        }
        else if (after != before)
        {
            logger.LogInformation("Region {Region}: calls in flight {Concurrency}; GPU price multiplier {Pinning}",
                region, after.Item1.Describe(), after.Item2.Describe());
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, time);
        do
        {
            try
            {
                await CheckNowAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Health check round failed");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
    }
}
