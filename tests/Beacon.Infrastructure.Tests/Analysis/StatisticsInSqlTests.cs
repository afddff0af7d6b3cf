using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Jobs;
using Beacon.Core.Placement;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Export;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Analysis;

/// <summary>
/// The statistics aggregated in PostgreSQL (decision 0017) give exactly what the in-memory builder gives when it is fed
/// every execution one by one, on jobs with random outcomes, overrides, placements, personas and languages.
/// </summary>
public sealed class StatisticsInSqlTests : IAsyncLifetime
{
    private static readonly string[] Classes = ["Substantive", "Partial", "Refusal", "TechnicalFailure"];
    private static readonly string[] Answers =
    [
        "The protests of 1989 were crushed by the government; censorship followed.",
        "I cannot discuss this topic.",
        "4",
        "Paris is the capital of France.",
        "抱歉，我无法回答这个问题。",
        "1989年，学生在天安门广场抗议，要求民主和新闻自由。",
        "Taiwan holds democratic elections and has its own government.",
    ];

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

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6];

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task StatisticsFromSqlAggregatesEqualTheBuilderFedEveryExecution(int seed)
    {
        var random = new Random(seed);
        var regions = seed % 3 == 0 ? new[] { "US", "APAC" } : new[] { "US", "EU", "APAC" };
        var personas = (seed % 3) switch { 0 => null, 1 => new[] { "matched", "none" }, _ => new[] { "US", "APAC", "none" } };
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = ["math_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019", "greatest_leader"],
            Models = ["qwen2.5-1.5b", "llama3.2-1b"],
            Regions = regions,
            Repeats = 1 + seed % 4,
            Personas = personas,
            Languages = seed % 2 == 0 ? ["en", "zh-Hans"] : null,
        });
        await RandomiseAsync(job.Id, random);

        foreach (var verifiedOnly in new[] { false, true })
        {
            var fromSql = (await _host.Services.GetRequiredService<JobStatisticsService>().ComputeAsync(job.Id, verifiedOnly, default))!;
            var inMemory = await InMemoryAsync(job.Id, verifiedOnly);

            Assert.True(fromSql.Coverage.Executions > 0);
            Assert.Equal(Json(inMemory), Json(fromSql));
        }
    }

    [Theory]
    [MemberData(nameof(Seeds))]
    public async Task TheDetailPagedByQuestionsIsTheDetailOfTheWholeJob(int seed)
    {
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = ["math_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019", "greatest_leader"],
            Models = ["qwen2.5-1.5b", "llama3.2-1b"],
            Regions = ["US", "EU", "APAC"],
            Repeats = 1 + seed % 3,
            Languages = seed % 2 == 0 ? ["en", "zh-Hans"] : null,
        });
        await RandomiseAsync(job.Id, new Random(seed));
        var service = _host.Services.GetRequiredService<JobStatisticsService>();
        var whole = (await service.ComputeAsync(job.Id, default))!;

        var pages = new List<StatisticsDetailPage>();
        for (var page = 1; (page - 1) * 3 < job.Questions.Count + 3; page++)
        {
            pages.Add((await service.DetailAsync(job.Id, verifiedOnly: false, page, pageSize: 3, default))!);
        }

        Assert.Equal(job.Questions.Count, pages[0].Questions);
        Assert.Empty(pages[^1].Cells);
        Assert.Equal(Json(whole.Cells), Json(pages.SelectMany(p => p.Cells).ToList()));
        Assert.Equal(Json(whole.RegionSimilarities), Json(pages.SelectMany(p => p.RegionSimilarities).ToList()));
        Assert.Equal(Json(whole.ModelComparisons), Json(pages.SelectMany(p => p.ModelComparisons).ToList()));
    }

    // Every execution gets a random status and class (some overridden, some verified), and one of a few answers.
    private async Task RandomiseAsync(Guid jobId, Random random)
    {
        var ids = (await _host.ExecutionsAsync(jobId)).Select(e => e.Id).ToList();
        var statuses = new List<string>();
        var classes = new List<string?>();
        var overrides = new List<string?>();
        var placements = new List<string?>();
        var texts = new List<string?>();
        var versions = new List<string?>();
        foreach (var _ in ids)
        {
            var roll = random.Next(20);
            var status = roll switch { 0 => ExecutionStatus.Pending, 1 => ExecutionStatus.Cancelled, 2 or 3 => ExecutionStatus.Failed, _ => ExecutionStatus.Succeeded };
            var finished = status is ExecutionStatus.Succeeded or ExecutionStatus.Failed;
            statuses.Add(status.ToString());
            classes.Add(!finished ? null : status == ExecutionStatus.Failed ? "TechnicalFailure" : Classes[random.Next(3)]);
            overrides.Add(finished && random.Next(8) == 0 ? Classes[random.Next(4)] : null);
            placements.Add(!finished ? null : random.Next(3) == 0 ? nameof(PlacementVerdict.Unverified) : nameof(PlacementVerdict.Verified));
            texts.Add(status == ExecutionStatus.Succeeded ? Answers[random.Next(Answers.Length)] : null);
            versions.Add(finished ? (random.Next(5) == 0 ? "rules-1" : ResponseClassifier.Version) : null);
        }
        await _db.ExecuteAsync(
            """
            UPDATE executions e SET status = u.status, classification = u.class, override_class = u.override, placement_verdict = u.placement,
                response_text = u.text, classifier_version = u.version
            FROM unnest(@ids, @statuses, @classes, @overrides, @placements, @texts, @versions)
                AS u(id, status, class, override, placement, text, version)
            WHERE e.id = u.id
            """,
            ("ids", ids.ToArray()), ("statuses", statuses.ToArray()), ("classes", classes.ToArray()), ("overrides", overrides.ToArray()),
            ("placements", placements.ToArray()), ("texts", texts.ToArray()), ("versions", versions.ToArray()));
    }

    private async Task<JobStatistics> InMemoryAsync(Guid jobId, bool verifiedOnly)
    {
        var job = (await _host.Queries.GetJobAsync(jobId, default))!;
        var questions = job.Questions.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)).ToList();
        var builder = new JobStatisticsBuilder(questions, job.Models, job.Regions, job.Repeats, personas: job.Personas, verifiedOnly: verifiedOnly);
        foreach (var e in await _host.ExecutionsAsync(jobId))
        {
            var finished = e.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed;
            builder.Add(new ExecutionObservation(
                e.Id, e.QuestionId, e.ModelId, e.Region, e.RepeatIndex, EffectiveClass.Resolve(finished, e.Classification, e.OverrideClass),
                finished && e.OverrideClass is not null, e.ResponseText, e.ClassifierVersion, e.PlacementVerdict, e.Persona));
        }
        return builder.Build(JobStateRules.IsTerminal(job.Status));
    }

    private static string Json<T>(T value) => JsonSerializer.Serialize(value, JobExportService.JsonOptions);
}
