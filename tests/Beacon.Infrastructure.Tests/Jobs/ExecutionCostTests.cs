using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Infrastructure.Tests.Inference;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

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

    [Fact]
    public async Task ARetriedExecutionAddsUpTheCostOfEveryAttempt()
    {
        var fail = true;
        var client = new RecordingInferenceClient((call, _) => Task.FromResult(fail
            ? InferenceOutcome.Failure("http_500", "boom", 500) with { InferenceSeconds = 2 }
            : new InferenceOutcome { Answered = true, Response = "4", ReportedRegion = call.Region, InferenceSeconds = 3 }));
        await using var host = await InfrastructureHost.StartAsync(_db, configure: s => s.AddSingleton<IInferenceClient>(client));
        var job = await host.SubmitAsync(new() { QuestionIds = ["math_basic"], Models = ["llama3.2-1b"], Regions = ["US"] });
        await host.RunAllLanesAsync(job.Id);
        fail = false;

        await host.Jobs.RetryFailedAsync(job.Id, null, default);
        await host.RunAllLanesAsync(job.Id);

        var row = Assert.Single(await host.ExecutionsAsync(job.Id));
        Assert.Equal(Core.Jobs.ExecutionStatus.Succeeded, row.Status);
        // 2 s + 3 s at $0.885/h.
        Assert.Equal(5, row.BilledSeconds);
        Assert.Equal(0.000491667m + 0.0007375m, row.CostUsd);
        var attempts = JsonDocument.Parse(row.Attempts).RootElement.EnumerateArray().ToList();
        Assert.Equal([2.0, 3.0], attempts.Select(a => a.GetProperty("billed_seconds").GetDouble()));
        Assert.Equal([0.000491667m, 0.0007375m], attempts.Select(a => a.GetProperty("cost_usd").GetDecimal()));
    }
}
