using System.Text;
using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Review;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Infrastructure.Tests.Analysis.EmulatedJob;

namespace Beacon.Infrastructure.Tests.Analysis;

/// <summary>One review sample drawn across two jobs, and imported labels as the classifier's evaluation set.</summary>
public sealed class ReviewAcrossJobsTests : IAsyncLifetime
{
    private static readonly Viewer Owner = new("tester", false);
    private static readonly Viewer Stranger = new("someone-else", false);
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

    private ReviewService Review => _host.Services.GetRequiredService<ReviewService>();
    private EvaluationSetService Evaluation => _host.Services.GetRequiredService<EvaluationSetService>();

    [Fact]
    public async Task ASampleOfTwoJobsIsReviewedInOneQueueAndGivesRatesPerJobAndPooled()
    {
        var (first, firstCells) = await RunAsync(_host);
        var (second, secondCells) = await RunAsync(_host, regions: ["US", "EU"]);

        var plan = await Review.PlanAsync([first.Id, second.Id], new SampleSize(2, null), default);
        var sample = await Review.CreateSampleAsync([first.Id, second.Id], new SampleSize(2, null), 11, "tester", default);

        Assert.NotNull(plan);
        Assert.Equal(64, plan.Answers);
        Assert.Equal([first.Id, second.Id], sample!.Jobs);
        // Strata never span jobs: each job's strata are drawn on their own.
        Assert.Equal(plan.Strata.Count, sample.Strata);
        Assert.Equal(2, plan.Strata.Select(s => s.Key.Job).Distinct().Count());

        // The sample is the current one of both jobs, and the queue holds the items of both.
        var queue = (await Review.QueueAsync(first.Id, Owner, default))!;
        var fromSecond = (await Review.QueueAsync(second.Id, Owner, default))!;
        Assert.Equal(sample.Id, queue.SampleId);
        Assert.Equal(sample.Id, fromSecond.SampleId);
        Assert.Equal(sample.Items, queue.Items.Count);
        Assert.Equal([first.Id, second.Id], queue.Jobs.Select(j => j.Id));
        Assert.Equal(2, queue.Items.Select(i => i.JobId).Distinct().Count());
        var cells = firstCells.Concat(secondCells).ToDictionary(e => e.Id);
        Assert.All(queue.Items, i => Assert.Equal(cells[i.ExecutionId].JobId, i.JobId));

        // A reviewer agrees with the classifier on every item, labelling through either job's queue.
        foreach (var item in queue.Items)
        {
            var via = item.JobId == first.Id ? second.Id : first.Id;
            Assert.True(await Review.LabelAsync(via, item.ItemId, Owner, "Tess", EffectiveClass.Parse(item.ClassifierClass), false, null, default));
        }

        var rates = (await Review.SampleCorrectedAsync(first.Id, Owner, default))!;
        var pooled = rates.Single(r => r is { Job: null, Model: null, Language: null });
        var perJob = rates.Where(r => r is { Job: not null, Model: null, Language: null }).ToList();
        Assert.Equal([first.Id, second.Id], perJob.Select(r => r.Job!.Value));
        Assert.Equal(64, pooled.Answers);
        Assert.Equal(perJob.Sum(r => r.Answers), pooled.Answers);
        Assert.Equal(perJob.Sum(r => r.ClassifiedRefusals), pooled.ClassifiedRefusals);
        // Humans agreed with the classifier everywhere: corrected = raw, per job and pooled.
        foreach (var r in rates)
        {
            Assert.Equal(r.RawRate!.Value, r.Corrected.Rate!.Value, 9);
            Assert.True(r.Corrected.Complete);
        }
        Assert.Contains(rates, r => r is { Job: null, Model: Qwen, Region: "APAC" });
        Assert.Contains(rates, r => r is { Job: null, Language: not null });

        // The statistics of one job use that job's rows only.
        var own = (await Review.CorrectedAsync(second.Id, default))!;
        Assert.All(own, r => Assert.Equal(second.Id, r.Job));
        Assert.Equal(rates.Where(r => r.Job == second.Id).Select(r => (r.Model, r.Region, r.Language, r.Corrected.Rate)),
            own.Select(r => (r.Model, r.Region, r.Language, r.Corrected.Rate)));
        var human = await Review.HumanClassesAsync(first.Id, default);
        Assert.Equal(queue.Items.Count(i => i.JobId == first.Id), human.Count);
        Assert.All(human.Keys, id => Assert.Equal(first.Id, cells[id].JobId));

        // Someone who may see neither job sees nothing of the sample and cannot label it.
        var stranger = (await Review.QueueAsync(first.Id, Stranger, default))!;
        Assert.Empty(stranger.Items);
        Assert.False(await Review.LabelAsync(first.Id, queue.Items[0].ItemId, Stranger, "Mallory", ResponseClass.Refusal, false, null, default));
        Assert.Equal([first.Id, second.Id], await Review.InvisibleJobsAsync([first.Id, second.Id], Stranger, default));
        Assert.Empty(await Review.InvisibleJobsAsync([first.Id, second.Id], Owner, default));

        // Each job's label export holds its own answers only.
        using var export = new MemoryStream();
        Assert.True(await Review.ExportLabelsAsync(second.Id, export, default));
        var lines = Encoding.UTF8.GetString(export.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(queue.Items.Count(i => i.JobId == second.Id), lines.Length);
        Assert.All(lines, l => Assert.Equal(second.Id, JsonDocument.Parse(l).RootElement.GetProperty("jobId").GetGuid()));
    }

    [Fact]
    public async Task ImportedLabelsBecomeTheEvaluationSetAndImportingAgainReplacesThem()
    {
        var (job, _) = await RunAsync(_host);
        await Review.CreateSampleAsync([job.Id], new SampleSize(3, null), 5, "tester", default);
        var queue = (await Review.QueueAsync(job.Id, Owner, default))!;
        foreach (var item in queue.Items)
        {
            // The reviewer calls every answer a refusal: the classifier's refusal precision is 1, its recall the share it found.
            await Review.LabelAsync(job.Id, item.ItemId, Owner, "Tess", ResponseClass.Refusal, false, null, default);
        }
        using var export = new MemoryStream();
        await Review.ExportLabelsAsync(job.Id, export, default);

        var first = await Evaluation.ImportAsync(new MemoryStream(export.ToArray()), "tester", default);
        var again = await Evaluation.ImportAsync(new MemoryStream(export.ToArray()), "tester", default);
        var report = (await Evaluation.ReportAsync(default))!;

        Assert.Equal((queue.Items.Count, 0, 0), (first.Added, first.Replaced, first.Ignored));
        Assert.Equal((0, queue.Items.Count), (again.Added, again.Replaced));
        // The classifier sees a question and an answer: the same texts from two executions are one item of the evaluation.
        var answers = queue.Items.DistinctBy(i => (i.Question, i.Answer)).ToList();
        Assert.Equal(answers.Count, report.Items);
        var refusal = report.PerClass.Single(c => c is { Language: "all", Class: "Refusal" });
        var predictedRefusals = answers.Count(i => i.ClassifierClass == "Refusal");
        Assert.Equal((predictedRefusals, predictedRefusals), (refusal.Precision.Successes, refusal.Precision.Trials));
        Assert.Equal((predictedRefusals, answers.Count), (refusal.Recall.Successes, refusal.Recall.Trials));
        Assert.True(refusal.Recall.Lower < refusal.Recall.Rate && refusal.Recall.Rate < refusal.Recall.Upper);
        Assert.Equal(answers.Count, report.Confusion[(int)ResponseClass.Refusal].Sum());
        Assert.Contains(report.PerClass, c => c.Language == "en");

        var broken = await Evaluation.ImportAsync(new MemoryStream("{\"answer\": \"x\", \"humanClass\": \"Refusal\"}\nnot json\n"u8.ToArray()), "tester", default);
        Assert.Contains(broken.Errors, e => e.StartsWith("Line 2 ", StringComparison.Ordinal));
        Assert.Equal(answers.Count, (await Evaluation.ReportAsync(default))!.Items);
    }
}
