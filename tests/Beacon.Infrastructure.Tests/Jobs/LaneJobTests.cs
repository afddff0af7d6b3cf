using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Jobs;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Jobs;

public sealed class LaneJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JobRequest Request(int questions = 8, int repeats = 1) => new()
    {
        QuestionIds = BuiltInQuestions.All.Take(questions).Select(q => q.Id).ToList(),
        Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"],
        Regions = ["US", "EU", "APAC"],
        Repeats = repeats,
    };

    private Task<InfrastructureHost> StartAsync(RecordingInferenceClient client) =>
        InfrastructureHost.StartAsync(_db, configure: s => s.AddSingleton<IInferenceClient>(client));

    [Fact]
    public async Task RunningAllLanesFinishesEveryCellAndCompletesTheJob()
    {
        var client = new RecordingInferenceClient();
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request());

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.Equal(72, client.Calls.Count);
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
        Assert.All(rows, r => Assert.Equal(1, r.AttemptCount));
        Assert.All(rows, r => Assert.NotNull(r.StartedAt));
        Assert.All(rows, r => Assert.True(r.CompletedAt >= r.StartedAt));
    }

    [Fact]
    public async Task EachCallGoesToItsOwnRegionWithExactlyTheStoredPromptAndParameters()
    {
        var client = new RecordingInferenceClient();
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request() with { Temperature = 0.7, MaxTokens = 321, Seed = 9 });

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        foreach (var row in rows)
        {
            var call = Assert.Single(client.Calls, c => c.RequestId == row.RequestId);
            Assert.Equal(row.Region, call.Region);
            Assert.Equal(row.ModelId, call.Model);
            Assert.Equal(row.Prompt, call.Prompt);
            Assert.Equal(row.SystemPrompt, call.SystemPrompt);
            Assert.Equal(new GenerationParameters(0.7, 321, 9), call.Parameters);
        }
    }

    [Fact]
    public async Task AfterACrashOnlyUnfinishedCellsAreCalledAgain()
    {
        var client = new RecordingInferenceClient();
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request());
        // The state a crash leaves: some cells done, some in flight, the rest pending.
        await _db.ExecuteAsync("""
            UPDATE executions SET status = 'Succeeded', response_text = 'kept', attempt_count = 1
            WHERE job_id = @job AND id IN (SELECT id FROM executions WHERE job_id = @job ORDER BY id LIMIT 30)
            """, ("job", job.Id));
        await _db.ExecuteAsync("""
            UPDATE executions SET status = 'Running', attempt_count = 1
            WHERE job_id = @job AND id IN (SELECT id FROM executions WHERE job_id = @job ORDER BY id OFFSET 30 LIMIT 10)
            """, ("job", job.Id));

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(72, rows.Count);
        Assert.Equal(42, client.Calls.Count);
        Assert.Equal(30, rows.Count(r => r.ResponseText == "kept"));
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.Equal(10, rows.Count(r => r.AttemptCount == 2));
    }

    [Fact]
    public async Task TwoRunsOfTheSameLaneCallEachCellOnce()
    {
        var client = new RecordingInferenceClient(async (call, ct) =>
        {
            await Task.Delay(20, ct);
            return new InferenceOutcome { Answered = true, Response = "ok", ReportedRegion = call.Region };
        });
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request(repeats: 3));

        // At-least-once delivery: Hangfire may hand the same lane to two workers.
        await Task.WhenAll(
            host.Services.GetRequiredService<LaneJob>().RunAsync(job.Id, "mistral-7b", "EU", default),
            host.Services.GetRequiredService<LaneJob>().RunAsync(job.Id, "mistral-7b", "EU", default));

        Assert.Equal(24, client.Calls.Count);
        Assert.Equal(24, client.Calls.Select(c => c.RequestId).Distinct().Count());
        Assert.Equal(24, (await host.ExecutionsAsync(job.Id)).Count(r => r is { ModelId: "mistral-7b", Region: "EU", Status: ExecutionStatus.Succeeded }));
    }

    [Fact]
    public async Task AFailedCallIsRecordedAsATechnicalFailureWithItsAttempt()
    {
        var client = new RecordingInferenceClient((call, _) => Task.FromResult(call.Region == "APAC"
            ? InferenceOutcome.Failure("http_503", "HTTP 503 Service Unavailable", 503, httpRequests: 4)
            : new InferenceOutcome { Answered = true, Response = "fine", ReportedRegion = call.Region }));
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request(questions: 2));

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        var failed = rows.Where(r => r.Region == "APAC").ToList();
        Assert.All(failed, r =>
        {
            Assert.Equal(ExecutionStatus.Failed, r.Status);
            Assert.Equal("http_503", r.ErrorCode);
            var attempt = System.Text.Json.JsonDocument.Parse(r.Attempts).RootElement.EnumerateArray().Single();
            Assert.Equal(4, attempt.GetProperty("http_requests").GetInt32());
            Assert.Equal("failed", attempt.GetProperty("outcome").GetString());
        });
        Assert.All(rows.Where(r => r.Region != "APAC"), r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task ARegionReportedByTheEndpointThatDiffersIsFlagged()
    {
        var client = new RecordingInferenceClient((call, _) => Task.FromResult(
            new InferenceOutcome { Answered = true, Response = "ok", ReportedRegion = call.Region == "EU" ? "US" : call.Region }));
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request(questions: 1));

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.All(rows, r => Assert.Equal(r.Region == "EU", r.RegionMismatch));
        Assert.All(rows.Where(r => r.Region == "EU"), r => Assert.Equal("US", r.ReportedRegion));
    }

    [Fact]
    public async Task CancelStopsInFlightCallsAndMarksTheRestCancelled()
    {
        var started = new TaskCompletionSource();
        var client = new RecordingInferenceClient(async (call, ct) =>
        {
            started.TrySetResult();
            await Task.Delay(TimeSpan.FromMinutes(5), ct);
            return new InferenceOutcome { Answered = true, Response = "too late" };
        });
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request());
        var lanes = host.RunAllLanesAsync(job.Id);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(30));

        var result = await host.Jobs.CancelAsync(job.Id, default);
        await lanes.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(72, result.Cells);
        var rows = await host.ExecutionsAsync(job.Id);
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Cancelled, r.Status));
        Assert.Equal("Cancelled", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
        Assert.Equal(Core.Jobs.JobStatus.Cancelled.ToString(), (await host.Queries.GetAsync(job.Id, default))!.Status.ToString());
        Assert.Equal(Services.JobActionOutcome.NotAllowed, (await host.Jobs.CancelAsync(job.Id, default)).Outcome);
        // Its lanes say so, not "done": not one of them finished its cells.
        Assert.Equal(["Cancelled"], await _db.ScalarAsync<string[]>("SELECT array_agg(DISTINCT stage) FROM job_lanes WHERE job_id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task RetryFailedRerunsOnlyFailedCellsWithTheSamePromptAndKeepsHistory()
    {
        var failApac = true;
        var client = new RecordingInferenceClient((call, _) => Task.FromResult(failApac && call.Region == "APAC"
            ? InferenceOutcome.Failure("timeout", "No answer in time")
            : new InferenceOutcome { Answered = true, Response = "answer", ReportedRegion = call.Region }));
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request(questions: 2));
        await host.RunAllLanesAsync(job.Id);
        var before = await host.ExecutionsAsync(job.Id);
        client.Calls.Clear();
        failApac = false;

        var result = await host.Jobs.RetryFailedAsync(job.Id, null, default);
        await host.RunAllLanesAsync(job.Id);

        Assert.Equal(6, result.Cells);
        Assert.Equal(6, client.Calls.Count);
        Assert.All(client.Calls, c => Assert.Equal("APAC", c.Region));
        var after = await host.ExecutionsAsync(job.Id);
        Assert.All(after, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        foreach (var row in after.Where(r => r.Region == "APAC"))
        {
            var original = before.Single(b => b.Id == row.Id);
            Assert.Equal(original.Prompt, row.Prompt);
            Assert.Equal(original.SystemPrompt, row.SystemPrompt);
            Assert.Equal(2, row.AttemptCount);
            Assert.Equal(2, System.Text.Json.JsonDocument.Parse(row.Attempts).RootElement.GetArrayLength());
        }
        Assert.All(after.Where(r => r.Region != "APAC"), r => Assert.Equal(1, r.AttemptCount));
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task RetryStopsAfterThreeAttempts()
    {
        var client = new RecordingInferenceClient((_, _) => Task.FromResult(InferenceOutcome.Failure("http_500", "boom", 500)));
        await using var host = await StartAsync(client);
        var job = await host.SubmitAsync(Request(questions: 1) with { Models = ["mistral-7b"], Regions = ["EU"] });
        await host.RunAllLanesAsync(job.Id);

        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Services.JobActionOutcome.Done, (await host.Jobs.RetryFailedAsync(job.Id, null, default)).Outcome);
            await host.RunAllLanesAsync(job.Id);
        }
        var refused = await host.Jobs.RetryFailedAsync(job.Id, null, default);

        Assert.Equal(Services.JobActionOutcome.NotAllowed, refused.Outcome);
        var row = Assert.Single(await host.ExecutionsAsync(job.Id));
        Assert.Equal(3, row.AttemptCount);
        Assert.Equal(ExecutionStatus.Failed, row.Status);
        Assert.Equal("Failed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }
}
