using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Judge;
using Beacon.Infrastructure.Services;
using Beacon.Infrastructure.Tests.Inference;
using Beacon.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Classification;

/// <summary>The LLM judge against a loopback fake OpenAI-compatible server: no test calls a real API.</summary>
public sealed class JudgeTests : IAsyncLifetime
{
    private const string Qwen = "qwen2.5-1.5b";
    private TestDatabase _db = null!;
    private OpenAiCompatibleServer _judge = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _judge = await OpenAiCompatibleServer.StartAsync();
        _judge.Answer = Verdict;
        _host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Judge:BaseUrl"] = _judge.BaseUrl,
            ["Beacon:Judge:Model"] = "judge-model",
            ["Beacon:Judge:ApiKey"] = "test-key",
            ["Beacon:Judge:MaxConcurrency"] = "2",
            ["Beacon:Judge:UsdPerMillionInputTokens"] = "2",
            ["Beacon:Judge:UsdPerMillionOutputTokens"] = "4",
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _judge.DisposeAsync();
        await _db.DisposeAsync();
    }

    /// <summary>The fake judge: unparsable for the arithmetic question, a verdict by question for the others.</summary>
    private static string Verdict(JsonElement request)
    {
        var user = request.GetProperty("messages").EnumerateArray().Last().GetProperty("content").GetString()!;
        return JudgedClass(user) switch
        {
            null => "I would say this one is fine.",
            { } c => $"{{\"class\": \"{c.ToString().ToLowerInvariant()}\", \"reason\": \"fake judge\"}}",
        };
    }

    private static ResponseClass? JudgedClass(string question) =>
        question.Contains("2+2", StringComparison.Ordinal) ? null
        : question.Contains("Tiananmen", StringComparison.Ordinal) ? ResponseClass.Refusal
        : question.Contains("Taiwan", StringComparison.Ordinal) ? ResponseClass.Partial
        : ResponseClass.Substantive;

    private JudgeJob Job => _host.Services.GetRequiredService<JudgeJob>();
    private JudgeService Judge => _host.Services.GetRequiredService<JudgeService>();

    private async Task<(Job Job, List<Execution> Executions)> RunJobAsync(bool judge = true)
    {
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = ["math_basic", "geography_basic", "tiananmen_neutral", "taiwan_status"],
            Models = [Qwen],
            Regions = ["US", "APAC"],
            Judge = judge,
        });
        await _host.RunAllLanesAsync(job.Id);
        return (job, await _host.ExecutionsAsync(job.Id));
    }

    private async Task<List<ExecutionClassification>> VerdictsAsync(Guid jobId)
    {
        await using var db = await _host.Services.GetRequiredService<IDbContextFactory<BeaconDbContext>>().CreateDbContextAsync();
        return await db.ExecutionClassifications.AsNoTracking().Where(c => c.JobId == jobId && c.Source == ClassificationSource.Judge).OrderBy(c => c.Id).ToListAsync();
    }

    [Fact]
    public async Task AJobThatAskedForTheJudgeIsQueuedForItWhenItFinishes()
    {
        var (job, _) = await RunJobAsync();

        Assert.True((await _host.Queries.GetJobAsync(job.Id, default))!.Judge);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%JudgeJob%' AND invocationdata::text LIKE @id",
            ("id", $"%{job.Id}%")));
    }

    [Fact]
    public async Task VerdictsAreStoredBesideTheBuiltInClassWhichStaysAsItWas()
    {
        var (job, before) = await RunJobAsync();

        await Job.RunAsync(job.Id, default);

        var after = await _host.ExecutionsAsync(job.Id);
        Assert.Equal(before.Select(e => (e.Id, e.Classification, e.ClassifierVersion)), after.Select(e => (e.Id, e.Classification, e.ClassifierVersion)));
        var verdicts = await VerdictsAsync(job.Id);
        Assert.Equal(8, verdicts.Count);
        foreach (var v in verdicts)
        {
            var question = before.Single(e => e.Id == v.ExecutionId).Prompt;
            Assert.Equal(JudgedClass(question)?.ToString(), v.Class);
            Assert.Equal(("judge-model", JudgeRubric.Version), (v.JudgeModel!, v.Version));
            Assert.NotNull(v.RawVerdict);
            Assert.True(v.InputTokens > 0 && v.OutputTokens > 0);
            Assert.Equal((v.InputTokens!.Value * 2m + v.OutputTokens!.Value * 4m) / 1_000_000m, v.CostUsd);
        }
        // An unparsable verdict is a recorded judge failure: no class, the reply kept, the reason given.
        var failures = verdicts.Where(v => v.Class is null).ToList();
        Assert.Equal(2, failures.Count);
        Assert.All(failures, f => Assert.Equal("I would say this one is fine.", f.RawVerdict));
        Assert.All(failures, f => Assert.Contains("not a JSON object", f.Error, StringComparison.Ordinal));
    }

    [Fact]
    public async Task EachCallIsTheRubricAtTemperatureZeroWithTheKey()
    {
        var (job, executions) = await RunJobAsync();

        await Job.RunAsync(job.Id, default);

        var request = _judge.Completions.First();
        using var body = JsonDocument.Parse(request.Body);
        var root = body.RootElement;
        Assert.Equal("judge-model", root.GetProperty("model").GetString());
        Assert.Equal(0, root.GetProperty("temperature").GetDouble());
        var messages = root.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(JudgeRubric.Instructions, messages[0].GetProperty("content").GetString());
        Assert.Contains("ANSWER:", messages[1].GetProperty("content").GetString(), StringComparison.Ordinal);
        Assert.Equal("Bearer test-key", request.Authorization);
        Assert.Contains(executions, e => messages[1].GetProperty("content").GetString()!.Contains(e.ResponseText!, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunningTwiceJudgesOnlyWhatHasNoVerdictYet()
    {
        var (job, _) = await RunJobAsync();
        await Job.RunAsync(job.Id, default);
        var calls = _judge.Completions.Count;

        await Job.RunAsync(job.Id, default);

        // Only the two failures are tried again; the six verdicts are not asked for twice.
        Assert.Equal(calls + 2, _judge.Completions.Count);
        var verdicts = await VerdictsAsync(job.Id);
        Assert.Equal(10, verdicts.Count);
        Assert.Equal(6, verdicts.Where(v => v.Class is not null).Select(v => v.ExecutionId).Distinct().Count());
    }

    [Fact]
    public async Task AgreementIsTheConfusionTableAndKappaOfTheLatestVerdicts()
    {
        var (job, executions) = await RunJobAsync();
        await Job.RunAsync(job.Id, default);

        var agreement = (await Judge.AgreementAsync(job.Id, default))!;

        var expected = ClassAgreement.From(executions.Where(e => JudgedClass(e.Prompt) is not null)
            .Select(e => (EffectiveClass.Parse(e.Classification)!.Value, JudgedClass(e.Prompt)!.Value)));
        Assert.Equal((8, 6, 2, 0), (agreement.Answered, agreement.Judged, agreement.JudgeFailures, agreement.NotJudged));
        Assert.Equal(expected.Classes, agreement.Agreement.Classes);
        Assert.Equal(expected.Counts.Select(r => r.ToList()), agreement.Agreement.Counts.Select(r => r.ToList()));
        Assert.Equal(expected.Kappa, agreement.Agreement.Kappa);
        Assert.Equal(["judge-model (rubric-v1)"], agreement.Judges);
        Assert.True(agreement.CostUsd > 0);
        Assert.True(agreement.JudgeRequested);
    }

    [Fact]
    public async Task ReclassifyingWithTheJudgeQueuesIt()
    {
        var (job, _) = await RunJobAsync(judge: false);

        var result = await _host.Services.GetRequiredService<ClassificationService>().ReclassifyAsync(job.Id, true, default);

        Assert.True(result.JudgeQueued);
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE invocationdata::text LIKE '%JudgeJob%' AND invocationdata::text LIKE @id",
            ("id", $"%{job.Id}%")));
    }

    [Fact]
    public async Task CancellationStopsJudging()
    {
        var (job, _) = await RunJobAsync(judge: false);
        _judge.Then(OpenAiCompatibleServer.Hang(TimeSpan.FromSeconds(30))).Then(OpenAiCompatibleServer.Hang(TimeSpan.FromSeconds(30)));
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Job.RunAsync(job.Id, cancel.Token));
    }
}

/// <summary>Without a judge configured, asking for one is an error that names the field.</summary>
public sealed class WithoutAJudgeTests : IAsyncLifetime
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

    [Fact]
    public async Task AJobAskingForTheJudgeIsRejectedNamingTheField()
    {
        var result = await _host.Jobs.SubmitAsync(
            new JobRequest { QuestionIds = ["math_basic"], Models = ["qwen2.5-1.5b"], Regions = ["US"], Judge = true }, InfrastructureHost.Tester, null, default);

        Assert.False(result.IsValid);
        Assert.Contains("Beacon:Judge", Assert.Single(result.Errors["judge"]), StringComparison.Ordinal);
        Assert.True((await _host.Jobs.SubmitAsync(
            new JobRequest { QuestionIds = ["math_basic"], Models = ["qwen2.5-1.5b"], Regions = ["US"], Judge = false }, InfrastructureHost.Tester, null, default)).IsValid);
    }

    [Fact]
    public void TheRubricIsInTheRepositoryInEnglishAndChineseAndAsksForStrictJson()
    {
        var rubric = JudgeRubric.Instructions;

        Assert.Contains("{\"class\": \"substantive|partial|refusal\", \"reason\":", rubric, StringComparison.Ordinal);
        Assert.Contains("拒绝", rubric, StringComparison.Ordinal);
        Assert.Contains("however long the lecture", rubric, StringComparison.Ordinal);
        Assert.Contains("不行。", rubric, StringComparison.Ordinal);
    }
}
