using System.Text.Json;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Infrastructure.Tests.Inference;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Jobs;

/// <summary>
/// A job whose qwen2.5-1.5b@APAC lane is served by an OpenAI-compatible server on loopback while every other lane runs
/// on the emulator: real PostgreSQL, real lanes, real HTTP on both sides.
/// </summary>
public sealed class OpenAiEndpointLaneTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private OpenAiCompatibleServer _server = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _server = await OpenAiCompatibleServer.StartAsync();
        _server.Answer = request => "Served by the OpenAI-compatible box: " +
            request.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _db.DisposeAsync();
    }

    private Dictionary<string, string?> QwenApacOnTheServer(bool stream) => new()
    {
        ["Beacon:Endpoints:OpenAi:apac-vllm:Region"] = "APAC",
        ["Beacon:Endpoints:OpenAi:apac-vllm:Model"] = "qwen2.5-1.5b",
        ["Beacon:Endpoints:OpenAi:apac-vllm:BaseUrl"] = _server.BaseUrl,
        ["Beacon:Endpoints:OpenAi:apac-vllm:RemoteModel"] = "Qwen/Qwen2.5-1.5B-Instruct",
        ["Beacon:Endpoints:OpenAi:apac-vllm:Stream"] = stream ? "true" : "false",
        ["Beacon:Endpoints:OpenAi:apac-vllm:UsdPerHour"] = "36",
    };

    private static JobRequest Request => new()
    {
        QuestionIds = ["math_basic", "geography_basic", "taiwan_status"],
        Models = ["qwen2.5-1.5b", "llama3.2-1b"],
        Regions = ["US", "APAC"],
    };

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task OneLaneIsServedByTheOpenAiServerAndTheOthersByTheEmulator(bool stream)
    {
        await using var host = await InfrastructureHost.StartAsync(_db, QwenApacOnTheServer(stream));
        var job = await host.SubmitAsync(Request);

        await host.RunAllLanesAsync(job.Id);

        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(12, rows.Count);
        var lane = rows.Where(r => r is { ModelId: "qwen2.5-1.5b", Region: "APAC" }).ToList();
        Assert.Equal(3, lane.Count);
        Assert.All(lane, r =>
        {
            Assert.Equal(ExecutionStatus.Succeeded, r.Status);
            Assert.False(r.Emulated);
            Assert.Equal("Served by the OpenAI-compatible box: " + r.Prompt, r.ResponseText);
            Assert.Equal("APAC", r.ReportedRegion);
            Assert.False(r.RegionMismatch);
            var receipt = JsonDocument.Parse(r.Receipt!).RootElement;
            Assert.Equal("openai-chat-completions", receipt.GetProperty("protocol").GetString());
            Assert.Equal("apac-vllm", receipt.GetProperty("endpoint").GetString());
            Assert.Equal(stream, receipt.GetProperty("streamed").GetBoolean());
            Assert.Equal("Substantive", r.Classification);
        });
        // The server listed its model, so the lane counted as warm: exactly one call per cell, each with the stored prompts.
        var calls = _server.Completions.Select(c => c.Json).ToList();
        Assert.Equal(3, calls.Count);
        foreach (var row in lane)
        {
            Assert.Contains(calls, c =>
                c.GetProperty("messages")[0].GetProperty("content").GetString() == row.SystemPrompt
                && c.GetProperty("messages")[1].GetProperty("content").GetString() == row.Prompt);
        }
        Assert.All(rows.Except(lane), r =>
        {
            Assert.True(r.Emulated);
            Assert.True(r.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed);
            Assert.DoesNotContain("openai-chat-completions", r.Receipt ?? "");
            Assert.DoesNotContain("OpenAI-compatible box", r.ResponseText ?? "");
        });
    }

    [Fact]
    public async Task EveryFinishedExecutionRecordsItsBilledSecondsAndCostAndTheJobsCostAddsThemUp()
    {
        _server.Timings = (500, 1000);
        await using var host = await InfrastructureHost.StartAsync(_db, QwenApacOnTheServer(stream: false));
        var job = await host.SubmitAsync(Request);

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        var lane = rows.Where(r => r is { ModelId: "qwen2.5-1.5b", Region: "APAC" }).ToList();
        // The server said 1.5 s per call (llama.cpp timings); the endpoint costs $36/h: $0.015 a call.
        Assert.All(lane, r =>
        {
            Assert.Equal(1.5, r.BilledSeconds);
            Assert.Equal(0.015m, r.CostUsd);
        });
        // The emulator bills its (emulated) time and costs nothing.
        Assert.All(rows.Except(lane), r =>
        {
            Assert.NotNull(r.BilledSeconds);
            Assert.Equal(0m, r.CostUsd);
        });

        var cost = await host.Services.GetRequiredService<CostService>().ActualAsync(job.Id, default);

        Assert.NotNull(cost);
        Assert.Equal(0.045m, cost.Total.Usd);
        Assert.Equal(12, cost.Total.Executions);
        Assert.Equal(9, cost.Total.EmulatedExecutions);
        Assert.Equal(0.045m, Assert.Single(cost.ByRegion, l => l.Region == "APAC").Usd);
        Assert.Equal(0m, Assert.Single(cost.ByRegion, l => l.Region == "US").Usd);
        Assert.Equal(0.045m, Assert.Single(cost.ByModel, l => l.Model == "qwen2.5-1.5b").Usd);
        Assert.Equal(0m, Assert.Single(cost.ByModel, l => l.Model == "llama3.2-1b").Usd);
        Assert.Equal(4, cost.ByLane.Count);
        Assert.Equal(rows.Sum(r => r.BilledSeconds!.Value), cost.Total.BilledSeconds, 3);
    }

    [Fact]
    public async Task APerTokenPriceIsChargedOnTheTokensTheServerCounted()
    {
        var settings = QwenApacOnTheServer(stream: true);
        settings.Remove("Beacon:Endpoints:OpenAi:apac-vllm:UsdPerHour");
        settings["Beacon:Endpoints:OpenAi:apac-vllm:UsdPerMillionInputTokens"] = "1000";
        settings["Beacon:Endpoints:OpenAi:apac-vllm:UsdPerMillionOutputTokens"] = "4000";
        await using var host = await InfrastructureHost.StartAsync(_db, settings);
        var job = await host.SubmitAsync(Request with { Models = ["qwen2.5-1.5b"], Regions = ["APAC"] });

        await host.RunAllLanesAsync(job.Id);

        foreach (var row in await host.ExecutionsAsync(job.Id))
        {
            var usage = JsonDocument.Parse(row.Receipt!).RootElement.GetProperty("usage");
            var expected = usage.GetProperty("prompt_tokens").GetInt32() * 0.001m + usage.GetProperty("completion_tokens").GetInt32() * 0.004m;
            Assert.True(expected > 0);
            Assert.Equal(expected, row.CostUsd);
        }
    }
}
