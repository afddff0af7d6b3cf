using System.Collections.Concurrent;
using Beacon.Core.Abstractions;
using Beacon.Core.Catalog;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Checks each region's health endpoint on an interval and keeps the latest result with its latency. It only informs
/// (a failing health check once took a whole system down when it gated traffic): lanes never wait on it.
/// </summary>
public sealed class EndpointHealthMonitor(IServiceScopeFactory scopes, IOptions<HealthOptions> options, TimeProvider time, ILogger<EndpointHealthMonitor> logger)
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
        await Task.WhenAll(BuiltInCatalog.Regions.Select(async region =>
        {
            EndpointHealth health;
            try
            {
                health = await client.CheckHealthAsync(region.Code, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                health = new EndpointHealth(region.Code, false, "down", [], [], false, 0, ex.Message);
            }
            _latest[region.Code] = new EndpointHealthSnapshot(health, time.GetUtcNow());
        }));
        Changed?.Invoke();
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
