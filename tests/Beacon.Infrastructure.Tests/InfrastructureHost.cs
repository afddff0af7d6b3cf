using Beacon.Core.Jobs;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests;

/// <summary>The real infrastructure (PostgreSQL, emulator over loopback HTTP, typed client with its pipeline) without the
/// Hangfire server, so a test runs lanes itself and can interrupt them.</summary>
public sealed class InfrastructureHost : IAsyncDisposable
{
    private readonly IHost _host;

    private InfrastructureHost(IHost host) => _host = host;

    public IServiceProvider Services => _host.Services;
    public JobService Jobs => Services.GetRequiredService<JobService>();
    public JobQueries Queries => Services.GetRequiredService<JobQueries>();

    public static async Task<InfrastructureHost> StartAsync(
        TestDatabase database, IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configure = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Beacon"] = database.ConnectionString,
            ["Beacon:Database:MigrateOnStartup"] = "true",
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Worker:WriteBatchDelayMs"] = "5",
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "0",
            ["Beacon:Emulator:ColdStartMs"] = "0",
            ["Beacon:Emulator:ServerErrorRate"] = "0",
            ["Beacon:Emulator:RateLimitRate"] = "0",
            ["Beacon:Emulator:HandOffRate"] = "0",
            ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            values[key] = value;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.AddBeaconInfrastructure();
        configure?.Invoke(builder.Services);
        var host = builder.Build();
        await host.Services.InitializeBeaconDatabaseAsync();
        await host.StartAsync();
        return new InfrastructureHost(host);
    }

    /// <summary>The researcher tests submit and import as (not an administrator).</summary>
    public static Viewer Tester { get; } = new("tester", false);

    public async Task<Job> SubmitAsync(JobRequest request)
    {
        var result = await Jobs.SubmitAsync(request, Tester, null, CancellationToken.None);
        Assert.True(result.IsValid, string.Join("; ", result.Errors.SelectMany(e => e.Value)));
        return result.Job!;
    }

    public async Task RunAllLanesAsync(Guid jobId, CancellationToken cancellationToken = default)
    {
        var job = (await Queries.GetJobAsync(jobId, cancellationToken))!;
        await Task.WhenAll(job.Models.SelectMany(m => job.Regions.Select(r =>
            Services.GetRequiredService<LaneJob>().RunAsync(jobId, m, r, cancellationToken))));
    }

    public async Task<List<Execution>> ExecutionsAsync(Guid jobId)
    {
        await using var db = await Services.GetRequiredService<IDbContextFactory<BeaconDbContext>>().CreateDbContextAsync();
        return await db.Executions.AsNoTracking().Where(e => e.JobId == jobId).OrderBy(e => e.Id).ToListAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}
