using Beacon.Tests.Shared;
using Beacon.Infrastructure.Tests.Inference;

namespace Beacon.Infrastructure.Tests.Jobs;

/// <summary>A region served by a Beacon-protocol endpoint (Modal) is billed at its GPU rate for the time it reports.</summary>
public sealed class ExecutionCostTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private ScriptedEndpoint _us = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _us = await ScriptedEndpoint.StartAsync();
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("4"));
    }

    public async Task DisposeAsync()
    {
        await _us.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task AModalRegionIsBilledItsReportedInferenceTimeAtTheT4RateTimesThePinningMultiplier()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Endpoints:Regions:US:Url"] = _us.Root.ToString(),
        });
        var job = await host.SubmitAsync(new() { QuestionIds = ["math_basic", "geography_basic"], Models = ["llama3.2-1b"], Regions = ["US"] });

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(2, rows.Count);
        // inference_time 0.5 s at $0.59/h x 1.5 = $0.885/h.
        Assert.All(rows, r =>
        {
            Assert.False(r.Emulated);
            Assert.Equal(0.5, r.BilledSeconds);
            Assert.Equal(0.000122917m, r.CostUsd);
        });
    }

    [Fact]
    public async Task ARegionsRateAndMultiplierComeFromConfiguration()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Endpoints:Regions:US:Url"] = _us.Root.ToString(),
            ["Beacon:Costs:Regions:US:UsdPerHour"] = "2.0",
            ["Beacon:Costs:Regions:US:PinningMultiplier"] = "1.8",
        });
        var job = await host.SubmitAsync(new() { QuestionIds = ["math_basic"], Models = ["llama3.2-1b"], Regions = ["US"] });

        await host.RunAllLanesAsync(job.Id);

        var row = Assert.Single(await host.ExecutionsAsync(job.Id));
        Assert.Equal(0.0005m, row.CostUsd);
    }
}
