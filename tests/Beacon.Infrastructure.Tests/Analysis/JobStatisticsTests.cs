using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Infrastructure.Tests.Analysis.EmulatedJob;

namespace Beacon.Infrastructure.Tests.Analysis;

public sealed class JobStatisticsTests : IAsyncLifetime
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

    private JobStatisticsService Statistics => _host.Services.GetRequiredService<JobStatisticsService>();
    private ClassificationService Classification => _host.Services.GetRequiredService<ClassificationService>();

    [Fact]
    public async Task TheEmulatedApacQwenRefusesAllThreeBiasQuestionsAndTheStatisticsSaySoHonestly()
    {
        var (job, executions) = await RunAsync(_host);

        var stats = (await Statistics.ComputeAsync(job.Id, default))!;

        Assert.Equal((32, 32, 0, 0), (stats.Coverage.Executions, stats.Coverage.Answered, stats.Coverage.TechnicalFailures, stats.Coverage.Unfinished));
        Assert.True(stats.Coverage.Finished);
        var apacBias = stats.ByModelCategoryRegion.Single(r => r is { Model: Qwen, Category: "bias", Region: "APAC" });
        Assert.Equal((3, 3, 1.0), (apacBias.Refused, apacBias.Questions, apacBias.Rate!.Value));
        Assert.Equal(0.4385, apacBias.Lower!.Value, 4);
        Assert.Equal(1.0, apacBias.Upper);

        // Every other figure must agree with a plain count of the stored classes.
        foreach (var rate in stats.ByModelRegion)
        {
            var cells = executions.Where(e => e.ModelId == rate.Model && e.Region == rate.Region).ToList();
            Assert.Equal(cells.Count(e => e.Classification == "Refusal"), rate.Refused);
            Assert.Equal(8, rate.Questions);
        }
        var usBiasRefused = executions.Count(e => e.ModelId == Qwen && e.Region == "US" && BiasQuestions.Contains(e.QuestionId) && e.Classification == "Refusal");
        var bias = stats.RegionComparisons.Single(c => c is { Model: Qwen, Category: "bias" });
        Assert.Equal(PairedTest.McNemar, bias.Test);
        Assert.Equal((usBiasRefused, 3), (bias.RefusedPerRegion["US"], bias.RefusedPerRegion["APAC"]));
        Assert.Equal(McNemarTest.FromCounts(usBiasRefused, 0, 3 - usBiasRefused, 0).ExactPValue, bias.PValue!.Value, 12);
        Assert.InRange(bias.PValue.Value, 0.25 - 1e-9, 1);

        var summary = string.Join("\n", stats.Summary);
        Assert.Contains("APAC refused 3 of 3 bias questions for qwen2.5-1.5b (95% CI 44%-100%)", summary, StringComparison.Ordinal);
        Assert.Contains("this difference is not statistically significant (McNemar exact p = ", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("is statistically significant", summary, StringComparison.Ordinal);

        var side = stats.ModelComparisons.Single(m => m is { QuestionId: "tiananmen_neutral", Region: "APAC" });
        Assert.Equal([Qwen, Llama], side.Models.Select(m => m.Model));
        Assert.Equal(ResponseClass.Refusal, side.Models[0].Class);
        var similarity = stats.RegionSimilarities.Single(s => s is { QuestionId: "math_basic", Model: Llama });
        Assert.Equal(["US", "APAC"], similarity.Regions);
        Assert.Equal(2, similarity.TfIdfCosine.Length);
        Assert.All(stats.Keywords.Where(k => k.Model is null), k => Assert.Equal(16, k.Answers));
    }

    [Fact]
    public async Task AnOverrideChangesTheStatisticsButKeepsTheClassifiersClassAndWhoSetIt()
    {
        var (job, executions) = await RunAsync(_host);
        var refusal = executions.First(e => e is { ModelId: Qwen, Region: "APAC", QuestionId: "taiwan_status" });

        var result = await Classification.OverrideAsync(refusal.Id, ResponseClass.Substantive, "Gives the PRC position in full.", "alice", default);

        Assert.Equal(JobActionOutcome.Done, result.Outcome);
        Assert.Equal(("Refusal", "Substantive", "alice", "Gives the PRC position in full."),
            (result.Execution!.Classification, result.Execution.OverrideClass, result.Execution.OverrideBy, result.Execution.OverrideNote));
        Assert.NotNull(result.Execution.OverrideAt);
        var stats = (await Statistics.ComputeAsync(job.Id, default))!;
        var apacBias = stats.ByModelCategoryRegion.Single(r => r is { Model: Qwen, Category: "bias", Region: "APAC" });
        Assert.Equal((2, 3), (apacBias.Refused, apacBias.Questions));
        Assert.Equal(1, stats.Coverage.Overridden);
        Assert.Contains(stats.Summary, s => s.Contains("1 class was set by hand", StringComparison.Ordinal));

        var cleared = await Classification.OverrideAsync(refusal.Id, null, null, "alice", default);
        Assert.Null(cleared.Execution!.OverrideClass);
        Assert.Null(cleared.Execution.OverrideBy);
        var after = (await Statistics.ComputeAsync(job.Id, default))!;
        Assert.Equal(3, after.ByModelCategoryRegion.Single(r => r is { Model: Qwen, Category: "bias", Region: "APAC" }).Refused);
    }

    [Fact]
    public async Task OnlyFinishedExecutionsCanBeOverridden()
    {
        var job = await _host.SubmitAsync(new Core.Jobs.JobRequest { QuestionIds = ["math_basic"], Models = [Qwen], Regions = ["US"] });
        var pending = (await _host.ExecutionsAsync(job.Id)).Single();

        var result = await Classification.OverrideAsync(pending.Id, ResponseClass.Refusal, null, "alice", default);
        var missing = await Classification.OverrideAsync(long.MaxValue, ResponseClass.Refusal, null, "alice", default);

        Assert.Equal(JobActionOutcome.NotAllowed, result.Outcome);
        Assert.Contains("pending", result.Message, StringComparison.Ordinal);
        Assert.Equal(JobActionOutcome.NotFound, missing.Outcome);
    }

    [Fact]
    public async Task ReclassifyingRestoresTheCurrentClassifiersVerdictAndLeavesOverridesAlone()
    {
        var (job, executions) = await RunAsync(_host);
        var refusals = executions.Where(e => e is { ModelId: Qwen, Region: "APAC" } && BiasQuestions.Contains(e.QuestionId)).ToList();
        // As if an older classifier had judged two of them differently.
        await _db.ExecuteAsync("UPDATE executions SET classification = 'Substantive', classifier_version = 'rules-0.9' WHERE id = ANY(@ids)",
            ("ids", refusals.Take(2).Select(e => e.Id).ToArray()));
        await Classification.OverrideAsync(refusals[0].Id, ResponseClass.Partial, "hand-checked", "bob", default);

        var result = await Classification.ReclassifyAsync(job.Id, default);

        Assert.Equal(JobActionOutcome.Done, result.Outcome);
        Assert.Equal((32, 2, 2, 1), (result.Examined, result.ClassChanged, result.Updated, result.ChangedButOverridden));
        Assert.Equal(ResponseClassifier.Version, result.ClassifierVersion);
        var now = await _host.ExecutionsAsync(job.Id);
        Assert.All(now.Where(e => refusals.Select(r => r.Id).Contains(e.Id)), e => Assert.Equal(("Refusal", ResponseClassifier.Version), (e.Classification!, e.ClassifierVersion!)));
        Assert.Equal("Partial", now.Single(e => e.Id == refusals[0].Id).OverrideClass);

        var again = await Classification.ReclassifyAsync(job.Id, default);
        Assert.Equal((32, 0, 0), (again.Examined, again.ClassChanged, again.Updated));
    }

    [Fact]
    public async Task AJobThatIsStillRunningIsNotReclassified()
    {
        var job = await _host.SubmitAsync(new Core.Jobs.JobRequest { QuestionIds = ["math_basic"], Models = [Qwen], Regions = ["US"] });

        var result = await Classification.ReclassifyAsync(job.Id, default);
        var missing = await Classification.ReclassifyAsync(Guid.NewGuid(), default);

        Assert.Equal(JobActionOutcome.NotAllowed, result.Outcome);
        Assert.Equal(JobActionOutcome.NotFound, missing.Outcome);
    }

    [Fact]
    public async Task ThreeRegionsAreComparedWithCochransQ()
    {
        var (job, _) = await RunAsync(_host, regions: ["US", "EU", "APAC"]);

        var stats = (await Statistics.ComputeAsync(job.Id, default))!;

        var qwen = stats.RegionComparisons.Single(c => c is { Model: Qwen, Category: null });
        Assert.Equal(PairedTest.CochranQ, qwen.Test);
        Assert.Equal(8, qwen.Questions);
        Assert.Equal(3, qwen.Pairwise.Count);
        Assert.Equal(3, stats.RegionSimilarities.First().Regions.Count);
    }

    [Fact]
    public async Task RetryingAFailedExecutionRemovesItsOverride()
    {
        var (job, executions) = await RunAsync(_host);
        var cell = executions.First(e => e.QuestionId == "math_basic");
        await _db.ExecuteAsync("UPDATE executions SET status = 'Failed', classification = 'TechnicalFailure', error_code = 'timeout' WHERE id = @id", ("id", cell.Id));
        await Classification.OverrideAsync(cell.Id, ResponseClass.Refusal, "the provider blocked it", "alice", default);

        var retry = await _host.Jobs.RetryFailedAsync(job.Id, cell.Id, default);

        Assert.Equal(JobActionOutcome.Done, retry.Outcome);
        var row = (await _host.ExecutionsAsync(job.Id)).Single(e => e.Id == cell.Id);
        Assert.Equal(Core.Jobs.ExecutionStatus.Pending, row.Status);
        Assert.Null(row.OverrideClass);
        Assert.Null(row.OverrideBy);
    }

    [Fact]
    public async Task StatisticsOfAnUnknownJobAreNull() =>
        Assert.Null(await Statistics.ComputeAsync(Guid.NewGuid(), default));
}
