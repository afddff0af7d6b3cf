using Beacon.Tests.Shared;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Services;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>
/// The endpoint's model info sizes Beacon's concurrency (its capacity caps calls in flight) and prices its GPUs (its
/// pinning sets the multiplier), against a loopback fake endpoint that serves /health and /model-info.
/// </summary>
public sealed class EndpointModelInfoTests : IAsyncLifetime
{
    private ScriptedEndpoint _us = null!;
    // A real database: the host's Hangfire storage is built with the health monitor's services, and against a database
    // that does not exist it retries for 30 s before giving up (every test here used to take 31 s).
    private TestDatabase _db = null!;
    private string _modelInfo = ModelInfo(capacity: 2, pinning: "narrow");
    private int _modelInfoStatus = 200;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _us = await ScriptedEndpoint.StartAsync();
        _us.Otherwise = context => context.Request.Path.StartsWithSegments("/model-info")
            ? ScriptedEndpoint.Reply(_modelInfoStatus, _modelInfo)(context)
            : context.Request.Path.StartsWithSegments("/health")
                ? ScriptedEndpoint.Reply(200, """{"status": "healthy", "region": "US", "models_available": ["llama3.2-1b"], "models_ready": []}""")(context)
                : ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("4"))(context);
    }

    public async Task DisposeAsync()
    {
        await _us.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static string ModelInfo(int? capacity, string? pinning, bool withMultiplier = true) =>
        System.Text.Json.JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["region"] = "US",
            ["app_name"] = "beacon-us",
            ["capacity"] = capacity is { } c ? new { max_batch_size = c, max_containers = 1, batch_wait_ms = 100, suggested_concurrency = c } : null,
            ["pinning"] = pinning,
            ["pinning_multiplier"] = withMultiplier ? pinning switch { "broad" => 1.5m, "narrow" => 1.75m, _ => null } : null,
            ["models"] = Array.Empty<object>(),
        }.Where(kv => kv.Value is not null).ToDictionary());

    private IHost Build(Dictionary<string, string?>? settings = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Beacon"] = _db.ConnectionString,
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Beacon:Endpoints:Regions:US:Url"] = _us.Root.ToString(),
            ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.010",
            ["Beacon:Inference:AttemptTimeout"] = "00:00:05",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddBeaconInfrastructure();
        return builder.Build();
    }

    private static async Task<EndpointHealthSnapshot> CheckAsync(IHost host)
    {
        var monitor = host.Services.GetRequiredService<EndpointHealthMonitor>();
        await monitor.CheckNowAsync(CancellationToken.None);
        return monitor.Latest.Single(s => s.Health.Region == "US");
    }

    [Fact]
    public async Task TheReportedCapacityCapsTheRegionsCallsInFlight()
    {
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:MaxConcurrency"] = "4" });
        var limiter = host.Services.GetRequiredService<RegionLimiter>();
        Assert.Equal(4, limiter.Limit("llama3.2-1b", "US"));

        var snapshot = await CheckAsync(host);

        Assert.Equal(2, limiter.Limit("llama3.2-1b", "US"));
        Assert.Equal(new RegionConcurrency(4, 2), snapshot.Concurrency);
        Assert.Equal("2 per model (configured 4 per region, endpoint capacity 2 per model)", snapshot.Concurrency!.Describe());
        var first = await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        var second = await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        var third = limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        Assert.False(third.IsCompleted, "a third call waits while the endpoint's two slots are taken");
        first.Dispose();
        (await third).Dispose();
        second.Dispose();
    }

    [Fact]
    public async Task TheConfiguredConcurrencyStaysAnUpperBound()
    {
        _modelInfo = ModelInfo(capacity: 16, pinning: "broad");
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:MaxConcurrency"] = "3" });

        var snapshot = await CheckAsync(host);

        Assert.Equal(3, host.Services.GetRequiredService<RegionLimiter>().Limit("llama3.2-1b", "US"));
        Assert.Equal("3 per model (configured 3 per region, endpoint capacity 16 per model)", snapshot.Concurrency!.Describe());
        // The estimate plans with the same concurrency the lanes will use.
        Assert.Equal(3, host.Services.GetRequiredService<CostService>().ProfileFor("llama3.2-1b", "US").Concurrency);
    }

    [Fact]
    public async Task WithoutAReportedCapacityTheConfiguredDefaultApplies()
    {
        _modelInfo = ModelInfo(capacity: null, pinning: null);
        using var host = Build();

        var snapshot = await CheckAsync(host);

        Assert.Equal(4, host.Services.GetRequiredService<RegionLimiter>().Limit("llama3.2-1b", "US"));
        Assert.Equal("4 per model (configured; the endpoint reports no capacity)", snapshot.Concurrency!.Describe());
        Assert.Equal(RegionPinning.Assumed, snapshot.Pinning!.Source);
        Assert.Equal(1.5m, snapshot.Pinning.Multiplier);
    }

    [Fact]
    public async Task AFailedModelInfoCheckKeepsWhatTheEndpointReportedBefore()
    {
        using var host = Build();
        await CheckAsync(host);
        _modelInfoStatus = 500;

        var snapshot = await CheckAsync(host);

        Assert.Equal(2, snapshot.Concurrency!.Effective);
        Assert.Equal(RegionPinning.Reported, snapshot.Pinning!.Source);
        Assert.Contains("HTTP 500", host.Services.GetRequiredService<EndpointModelInfoStore>().Find("US")!.Error, StringComparison.Ordinal);
        Assert.Equal("healthy", snapshot.Health.Status);
    }

    [Fact]
    public async Task EachModelGetsTheReportedCapacityWhileTheRegionsConfiguredLimitBoundsThemTogether()
    {
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:MaxConcurrency"] = "3" });
        await CheckAsync(host); // capacity 2 per model
        var limiter = host.Services.GetRequiredService<RegionLimiter>();
        var llama1 = await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        var llama2 = await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);

        var llama3 = limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        var qwen1 = limiter.AcquireAsync("qwen2.5-1.5b", "US", CancellationToken.None);
        var qwen2 = limiter.AcquireAsync("qwen2.5-1.5b", "US", CancellationToken.None);

        Assert.False(llama3.IsCompleted, "Llama's containers take two at once");
        Assert.True(qwen1.IsCompleted, "Qwen has its own containers");
        Assert.False(qwen2.IsCompleted, "the region's configured three are in flight");
        llama1.Dispose();
        (await qwen2).Dispose();
        (await qwen1).Dispose();
        llama2.Dispose();
        (await llama3).Dispose();
    }

    [Fact]
    public async Task ALimitLoweredWhileCallsAreInFlightHoldsNewCallsBackUntilBelowIt()
    {
        _modelInfo = ModelInfo(capacity: 3, pinning: "broad");
        using var host = Build();
        await CheckAsync(host);
        var limiter = host.Services.GetRequiredService<RegionLimiter>();
        var held = new List<IDisposable>();
        for (var i = 0; i < 3; i++)
        {
            held.Add(await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None));
        }

        _modelInfo = ModelInfo(capacity: 1, pinning: "broad");
        await CheckAsync(host);
        var next = limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        held[0].Dispose();
        Assert.False(next.IsCompleted, "two calls still in flight, the limit is now one");
        held[1].Dispose();
        Assert.False(next.IsCompleted, "one call still in flight, the limit is now one");
        held[2].Dispose();
        (await next).Dispose();
    }

    [Fact]
    public async Task ACancelledWaitGivesUpItsPlaceWithoutTakingASlot()
    {
        _modelInfo = ModelInfo(capacity: 1, pinning: "broad");
        using var host = Build();
        await CheckAsync(host);
        var limiter = host.Services.GetRequiredService<RegionLimiter>();
        var held = await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var waiting = limiter.AcquireAsync("llama3.2-1b", "US", cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting);
        held.Dispose();
        (await limiter.AcquireAsync("llama3.2-1b", "US", CancellationToken.None)).Dispose();
    }

    [Fact]
    public async Task TheCostUsesTheMultiplierOfThePinningTheEndpointReports()
    {
        using var host = Build();
        var costs = host.Services.GetRequiredService<CostService>();
        Assert.Equal(0.59m * 1.5m, costs.RateFor("llama3.2-1b", "US").UsdPerHour);

        var snapshot = await CheckAsync(host);

        Assert.Equal(0.59m * 1.75m, costs.RateFor("llama3.2-1b", "US").UsdPerHour);
        Assert.Equal("narrow pinning, 1.75x", snapshot.Pinning!.Describe());
    }

    [Fact]
    public async Task AnEndpointNamingOnlyItsPinningGetsThatPinningsMultiplier()
    {
        _modelInfo = ModelInfo(capacity: 8, pinning: "narrow", withMultiplier: false);
        using var host = Build();

        var snapshot = await CheckAsync(host);

        Assert.Equal(1.75m, snapshot.Pinning!.Multiplier);
    }

    [Fact]
    public async Task AConfiguredMultiplierOverridesTheReportedPinningAndSaysSo()
    {
        using var host = Build(new() { ["Beacon:Costs:Regions:US:PinningMultiplier"] = "1.8" });

        var snapshot = await CheckAsync(host);

        Assert.Equal(0.59m * 1.8m, host.Services.GetRequiredService<CostService>().RateFor("llama3.2-1b", "US").UsdPerHour);
        Assert.Equal(RegionPinning.Configured, snapshot.Pinning!.Source);
        Assert.Equal("1.8x configured (endpoint: narrow)", snapshot.Pinning.Describe());
    }

    [Fact]
    public async Task ModelInfoCarriesTheProxyTokenAndAMissingTokenIsReported()
    {
        using (var host = Build(new()
        {
            ["Beacon:Endpoints:ProxyTokenId"] = "wk-test",
            ["Beacon:Endpoints:ProxyTokenSecret"] = "ws-test",
        }))
        {
            await CheckAsync(host);
            var request = _us.Requests.Last(r => r.Path == "/model-info");
            Assert.Equal("wk-test", request.Headers["Modal-Key"]);
            Assert.Equal("ws-test", request.Headers["Modal-Secret"]);
        }

        _modelInfoStatus = 401;
        using var open = Build();
        await CheckAsync(open);
        Assert.Contains("requires Modal proxy auth", open.Services.GetRequiredService<EndpointModelInfoStore>().Find("US")!.Error, StringComparison.Ordinal);
        Assert.Equal(4, open.Services.GetRequiredService<RegionLimiter>().Limit("llama3.2-1b", "US"));
    }

    [Theory]
    [InlineData("https://ws--beacon-eu-health.modal.run", "https://ws--beacon-eu-model-info.modal.run/")]
    [InlineData("https://ws-dev--beacon-apac-health.modal.run/", "https://ws-dev--beacon-apac-model-info.modal.run/")]
    [InlineData("http://127.0.0.1:8000/eu/health", "http://127.0.0.1:8000/eu/model-info")]
    [InlineData("https://status.example.org/ping", null)]
    public void TheModelInfoUrlIsFoundNextToTheHealthUrl(string health, string? expected) =>
        Assert.Equal(expected, EndpointResolver.ModelInfoUrlFor(new Uri(health))?.ToString());
}
