using System.Text.Json;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;

namespace Beacon.Infrastructure.Tests.Faults;

/// <summary>The real client, pipeline and emulator with faults injected: 5xx, 429 bursts, 303 hand-offs, malformed
/// bodies, and one region that is down altogether.</summary>
public sealed class EndpointFaultTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task UnderMixedFaultsEveryCellEndsTerminalWithinTheAttemptBound()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "10",
            ["Beacon:Emulator:ServerErrorRate"] = "0.2",
            ["Beacon:Emulator:RateLimitRate"] = "0.1",
            ["Beacon:Emulator:HandOffRate"] = "0.15",
            ["Beacon:Emulator:MalformedRate"] = "0.05",
            ["Beacon:Emulator:HandOffPollMs"] = "20",
            ["Beacon:Inference:MaxRetryAttempts"] = "2",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "10000",
        });
        var job = await host.SubmitAsync(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"],
            Regions = ["US", "EU", "APAC"],
            Repeats = 2,
        });

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(144, rows.Count);
        Assert.All(rows, r => Assert.True(JobStateRules.IsTerminal(r.Status), $"cell {r.Id} is {r.Status}"));
        Assert.Contains(rows, r => r.Status == ExecutionStatus.Succeeded);
        foreach (var row in rows)
        {
            var attempt = JsonDocument.Parse(row.Attempts).RootElement.EnumerateArray().Single();
            var requests = attempt.GetProperty("http_requests").GetInt32();
            // One POST plus at most 2 retries, plus the GET polls of a 303 hand-off (each poll may itself be retried).
            Assert.InRange(requests, 1, 40);
            if (row.Status == ExecutionStatus.Failed)
            {
                Assert.NotNull(row.ErrorCode);
                Assert.Equal("TechnicalFailure", row.Classification);
            }
        }
        // Malformed bodies are not retried: they end as failures with their own code.
        Assert.Contains(rows, r => r.ErrorCode == "malformed_response");
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task ADeadRegionFailsFastWhileTheOtherRegionsAnswer()
    {
        // US points at a loopback port nothing listens on; EU and APAC use the emulator.
        var deadPort = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        deadPort.Start();
        var port = ((System.Net.IPEndPoint)deadPort.LocalEndpoint).Port;
        deadPort.Stop();
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Endpoints:Regions:US:Url"] = $"http://127.0.0.1:{port}/",
            ["Beacon:Inference:MaxRetryAttempts"] = "1",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "5",
            ["Beacon:Inference:CircuitBreakerBreakDuration"] = "00:05:00",
        });
        var job = await host.SubmitAsync(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = ["llama3.2-1b", "mistral-7b"],
            Regions = ["US", "EU", "APAC"],
            Repeats = 3,
        });

        await host.RunAllLanesAsync(job.Id).WaitAsync(TimeSpan.FromMinutes(2));

        var rows = await host.ExecutionsAsync(job.Id);
        var us = rows.Where(r => r.Region == "US").ToList();
        Assert.All(us, r => Assert.Equal(ExecutionStatus.Failed, r.Status));
        Assert.Contains(us, r => r.ErrorCode == "circuit_open");
        Assert.All(rows.Where(r => r.Region != "US"), r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.All(rows.Where(r => r.Region != "US"), r => Assert.Equal(r.Region, r.ReportedRegion));
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }
}
