using Beacon.Core.Catalog;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Costs;

public sealed class CostEstimatorTests
{
    // A T4 at $0.59/h pinned to a region at 1.5x.
    private static readonly CostRate PinnedT4 = new(0.885m);
    private static readonly LaneCostProfile Modal = new(PinnedT4, SecondsPerCall: 15, ColdStartSeconds: 45, OutputTokensPerCall: 250, "modal");

    private static JobPlan Plan(int repeats = 1, int maxTokens = 500, IReadOnlyList<string>? questionIds = null) =>
        new JobPlanner(JobLimits.Default).Plan(
            new JobRequest
            {
                QuestionIds = questionIds ?? BuiltInQuestions.All.Select(q => q.Id).ToList(),
                Models = BuiltInCatalog.Models.Select(m => m.Id).ToList(),
                Regions = ["US", "EU", "APAC"],
                Repeats = repeats,
                MaxTokens = maxTokens,
            },
            BuiltInQuestions.All.ToDictionary(q => q.Id),
            BuiltInCatalog.Models.Select(m => m.Id).ToList(),
            BuiltInCatalog.Regions).Plan!;

    [Fact]
    public void TheBuiltInMatrixCostsCellsTimesSecondsPerCallPlusOneColdStartPerLaneAtTheHourlyRate()
    {
        var estimate = CostEstimator.Estimate(Plan(), (_, _) => Modal);

        Assert.Equal(72, estimate.Executions);
        Assert.Equal(9, estimate.Lanes.Count);
        Assert.Equal(72 * 15 + 9 * 45, estimate.Seconds);
        var lane = Assert.Single(estimate.Lanes, l => l is { Model: "qwen2.5-1.5b", Region: "APAC" });
        Assert.Equal(8, lane.Executions);
        Assert.Equal(8 * 15 + 45, lane.Seconds);
        // 165 s at $0.885/h = $0.0405625, kept to six decimals.
        Assert.Equal(0.040563m, lane.Usd);
        Assert.Equal(9 * 0.040563m, estimate.Usd);
    }

    [Fact]
    public void RepeatsMultiplyTheCallsButNotTheColdStarts()
    {
        var once = CostEstimator.Estimate(Plan(repeats: 1), (_, _) => Modal);
        var thrice = CostEstimator.Estimate(Plan(repeats: 3), (_, _) => Modal);

        Assert.Equal(216, thrice.Executions);
        Assert.Equal(216 * 15 + 9 * 45, thrice.Seconds);
        Assert.True(thrice.Usd < 3 * once.Usd);
    }

    [Fact]
    public void EachLaneUsesItsOwnProfile()
    {
        var estimate = CostEstimator.Estimate(Plan(), (model, region) => model == "mistral-7b"
            ? Modal with { ColdStartSeconds = 155 }
            : region == "APAC" ? Modal with { Rate = new CostRate(3.6m), Served = "openai:apac-vllm" } : Modal);

        var mistral = Assert.Single(estimate.Lanes, l => l is { Model: "mistral-7b", Region: "EU" });
        Assert.Equal(8 * 15 + 155, mistral.Seconds);
        var apacLlama = Assert.Single(estimate.Lanes, l => l is { Model: "llama3.2-1b", Region: "APAC" });
        Assert.Equal("openai:apac-vllm", apacLlama.Served);
        Assert.Equal(0.165m, apacLlama.Usd);
    }

    [Fact]
    public void EmulatedLanesTakeTheEmulatorsTimeButArePricedAsARealRun()
    {
        // The emulator answers in ~0.9 s after a 2.5 s cold start; a real endpoint takes 15 s per call after 45 s.
        var emulated = Modal with { Served = "emulator", RunSecondsPerCall = 0.9, RunColdStartSeconds = 3.4 };

        var estimate = CostEstimator.Estimate(Plan(repeats: 2), (_, _) => emulated);
        var real = CostEstimator.Estimate(Plan(repeats: 2), (_, _) => Modal);

        // Per region: 3 lanes x 16 cells x 0.9 s over 4 calls in flight, after the 3.4 s warm-up = 14.2 s, not 4 minutes.
        Assert.Equal(3.4 + 48 * 0.9 / 4, estimate.DurationSeconds, 1);
        Assert.Equal(45 + 48 * 15 / 4.0, real.DurationSeconds, 1);
        Assert.Equal(real.Usd, estimate.Usd);
        Assert.All(estimate.Lanes, l => Assert.Equal((0.9, 3.4, 15.0), (l.RunSecondsPerCall, l.RunColdStartSeconds, l.SecondsPerCall)));
    }

    [Fact]
    public void ASubmittedJobsDurationCountsItsLanesSizesTheSameWay()
    {
        var plan = Plan(repeats: 2);
        var lanes = plan.Lanes.Select(l => (l.Model, l.Region, plan.Cells.Count(c => c.ModelId == l.Model && c.Region == l.Region)));

        Assert.Equal(CostEstimator.Estimate(plan, (_, _) => Modal).DurationSeconds, CostEstimator.DurationSeconds(lanes, (_, _) => Modal));
    }

    [Fact]
    public void APerTokenPriceUsesThePromptSizesAndTheAssumedAnswerLengthCappedByMaxTokens()
    {
        var hosted = new LaneCostProfile(new CostRate(0m, UsdPerMillionInputTokens: 100m, UsdPerMillionOutputTokens: 1000m), 15, 0, 250, "openai:hosted");
        var plan = Plan(maxTokens: 100, questionIds: ["math_basic"]);

        var estimate = CostEstimator.Estimate(plan, (_, _) => hosted);

        var lane = Assert.Single(estimate.Lanes, l => l is { Model: "qwen2.5-1.5b", Region: "APAC" });
        var cell = Assert.Single(plan.Cells, c => c is { ModelId: "qwen2.5-1.5b", Region: "APAC" });
        var input = CostEstimator.EstimateTokens(cell.SystemPrompt) + CostEstimator.EstimateTokens(cell.Prompt) + CostEstimator.TemplateTokens;
        Assert.Equal(input, lane.InputTokens);
        Assert.Equal(100, lane.OutputTokens);
        Assert.Equal(Math.Round(input * 100m / 1_000_000m + 100 * 1000m / 1_000_000m, 6), lane.Usd);
    }

    [Fact]
    public void TheEmulatorsFreeRateCostsNothingButStillCountsTime()
    {
        var estimate = CostEstimator.Estimate(Plan(), (_, _) => Modal with { Rate = CostRate.Free, Served = "emulator" });

        Assert.Equal(0m, estimate.Usd);
        Assert.Equal(72 * 15 + 9 * 45, estimate.Seconds);
    }

    [Fact]
    public void TheDurationIsTheSlowestRegionsColdStartPlusItsCallsSpreadOverItsConcurrency()
    {
        // Per region: 3 lanes x 8 cells x 15 s = 360 s of calls, 4 at a time = 90 s, after the slowest cold start.
        var estimate = CostEstimator.Estimate(Plan(), (model, _) => model == "mistral-7b" ? Modal with { ColdStartSeconds = 155 } : Modal);

        Assert.Equal(155 + 90, estimate.DurationSeconds);
    }

    [Fact]
    public void MoreConcurrencyOrMoreRegionsDoNotLengthenTheJob()
    {
        var four = CostEstimator.Estimate(Plan(), (_, _) => Modal);
        var eight = CostEstimator.Estimate(Plan(), (_, _) => Modal with { Concurrency = 8 });

        Assert.Equal(45 + 90, four.DurationSeconds);
        Assert.Equal(45 + 45, eight.DurationSeconds);
        // The cost is per call, so it does not depend on how many run at once.
        Assert.Equal(four.Usd, eight.Usd);
    }

    [Fact]
    public void LanesOnTheirOwnServerDoNotWaitForTheRegionsOtherLanes()
    {
        var estimate = CostEstimator.Estimate(Plan(), (model, region) => model == "llama3.2-1b" && region == "APAC"
            ? Modal with { SecondsPerCall = 30, ColdStartSeconds = 0, Concurrency = 1, ConcurrencyGroup = "openai:local", Served = "openai:local" }
            : Modal);

        // The local server: 8 calls of 30 s one at a time = 240 s, the slowest group. Had its lane shared APAC's
        // endpoint, APAC would have taken far longer; the US and EU endpoints take 45 + 24 x 15 / 4 = 135 s.
        Assert.Equal(240, estimate.DurationSeconds);
    }

    [Theory]
    [InlineData("What is 2+2?", 3)]
    [InlineData("What is the capital of France?", 8)]
    [InlineData("天安门广场发生了什么？", 11)]
    [InlineData("", 0)]
    public void TokensAreEstimatedFromCharacters(string text, int tokens) =>
        Assert.Equal(tokens, CostEstimator.EstimateTokens(text));
}
