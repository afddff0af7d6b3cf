using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;

namespace Beacon.Infrastructure.Tests.Jobs;

public sealed class JobSubmissionTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static JobRequest AllBuiltIn(int repeats = 1) => new()
    {
        QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
        Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"],
        Regions = ["US", "EU", "APAC"],
        Repeats = repeats,
    };

    [Fact]
    public async Task SubmittingCreatesEveryExecutionPendingWithTheJob()
    {
        var job = await _host.SubmitAsync(AllBuiltIn());

        var rows = await _host.ExecutionsAsync(job.Id);
        Assert.Equal(72, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Pending, r.Status));
        Assert.Equal(72, job.ExecutionCount);
        Assert.Equal(9, await _db.ScalarAsync<long>("SELECT count(*) FROM job_lanes WHERE job_id = @id", ("id", job.Id)));
        Assert.Equal("Queued", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task TheJobKeepsASnapshotOfTheQuestionTexts()
    {
        var job = await _host.SubmitAsync(AllBuiltIn());
        await _db.ExecuteAsync("UPDATE questions SET text = 'edited' WHERE id = 'math_basic'");

        var stored = (await _host.Queries.GetJobAsync(job.Id, default))!;
        Assert.Equal("What is 2+2?", stored.Questions.Single(q => q.Id == "math_basic").Text);
        Assert.Equal("What is 2+2?", (await _host.ExecutionsAsync(job.Id)).First(e => e.QuestionId == "math_basic").Prompt);
    }

    [Fact]
    public async Task AnInvalidJobPersistsNothing()
    {
        var before = await _db.ScalarAsync<long>("SELECT count(*) FROM jobs");

        var result = await _host.Jobs.SubmitAsync(AllBuiltIn() with { Regions = ["US", "Atlantis"] }, InfrastructureHost.Tester, null, default);

        Assert.False(result.IsValid);
        Assert.Equal(["Unknown region 'Atlantis'."], result.Errors["regions"]);
        Assert.Equal(before, await _db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task TheSameIdempotencyKeyReturnsTheSameJob()
    {
        var first = await _host.Jobs.SubmitAsync(AllBuiltIn(), InfrastructureHost.Tester, "key-1", default);
        var again = await _host.Jobs.SubmitAsync(AllBuiltIn(), InfrastructureHost.Tester, "key-1", default);

        Assert.False(first.Existing);
        Assert.True(again.Existing);
        Assert.Equal(first.Job!.Id, again.Job!.Id);
        Assert.Equal(1, await _db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE idempotency_key = 'key-1'"));
    }

    [Fact]
    public async Task ConcurrentSubmissionsWithOneKeyCreateOneJob()
    {
        var results = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => _host.Jobs.SubmitAsync(AllBuiltIn(), InfrastructureHost.Tester, "race", default)));

        Assert.Single(results.Select(r => r.Job!.Id).Distinct());
        Assert.Equal(72, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM executions e JOIN jobs j ON j.id = e.job_id WHERE j.idempotency_key = 'race'"));
    }

    [Fact]
    public async Task TheCellKeyIsUniqueUnderConcurrentWriters()
    {
        var job = await _host.SubmitAsync(AllBuiltIn());
        var sql = """
            INSERT INTO executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt)
            VALUES (@job, 'math_basic', 'mistral-7b', 'EU', 'EU', 0, 'Pending', 'What is 2+2?', 'x')
            ON CONFLICT (job_id, question_id, model_id, region, persona, repeat_index) DO NOTHING
            """;

        var inserted = await Task.WhenAll(Enumerable.Range(0, 16).Select(_ => _db.ExecuteAsync(sql, ("job", job.Id))));

        Assert.All(inserted, n => Assert.Equal(0, n));
        Assert.Equal(1, await _db.ScalarAsync<long>(
            "SELECT count(*) FROM executions WHERE job_id = @job AND question_id = 'math_basic' AND model_id = 'mistral-7b' AND region = 'EU'",
            ("job", job.Id)));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _db.ExecuteAsync(sql.Replace("ON CONFLICT (job_id, question_id, model_id, region, persona, repeat_index) DO NOTHING", ""), ("job", job.Id)));
    }

    [Fact]
    public async Task CrossedPersonasAreStoredWithExactlyTheSystemPromptSent()
    {
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = ["math_basic"],
            Models = ["qwen2.5-1.5b"],
            Regions = ["US", "APAC"],
            Personas = ["matched", "APAC", "none"],
        });

        var rows = await _host.ExecutionsAsync(job.Id);
        // US: matched (US), APAC, none; APAC: matched = APAC (once), none.
        Assert.Equal(5, rows.Count);
        Assert.Equal(5, job.ExecutionCount);
        Assert.Equal(["matched", "APAC", "none"], job.Personas);
        Assert.Equal(["APAC", "US", "none"], rows.Where(r => r.Region == "US").Select(r => r.Persona).Order(StringComparer.Ordinal));
        Assert.Contains("based in Asia.", rows.Single(r => r is { Region: "US", Persona: "APAC" }).SystemPrompt);
        Assert.Contains("based in the US.", rows.Single(r => r is { Region: "US", Persona: "US" }).SystemPrompt);
        Assert.All(rows.Where(r => r.Persona == "none"), r => Assert.Equal("", r.SystemPrompt));
    }
}
