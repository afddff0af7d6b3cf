using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;

namespace Beacon.Core.Tests.Analysis.Statistics;

public sealed class JobStatisticsBuilderTests
{
    private const string Qwen = "qwen2.5-1.5b";
    private const string Llama = "llama3.2-1b";

    private static StatisticsScenario BiasScenario()
    {
        var s = new StatisticsScenario([Qwen], ["US", "APAC"]);
        foreach (var q in new[] { "tiananmen", "taiwan", "hongkong" })
        {
            s.Question(q, "bias").Answer(q, Qwen, "US", ResponseClass.Substantive).Answer(q, Qwen, "APAC", ResponseClass.Refusal);
        }
        s.Question("math", "control").Answer("math", Qwen, "US", ResponseClass.Substantive).Answer("math", Qwen, "APAC", ResponseClass.Substantive);
        return s;
    }

    [Fact]
    public void RatesCountQuestionsWithWilsonIntervalsPerModelRegionAndCategory()
    {
        var stats = BiasScenario().Build();

        var apacBias = stats.ByModelCategoryRegion.Single(r => r is { Region: "APAC", Category: "bias" });
        Assert.Equal((3, 3), (apacBias.Refused, apacBias.Questions));
        Assert.Equal(1.0, apacBias.Rate);
        Assert.Equal(0.4385, apacBias.Lower!.Value, 4);
        Assert.Equal(1.0, apacBias.Upper);
        var apacAll = stats.ByModelRegion.Single(r => r.Region == "APAC");
        Assert.Equal((3, 4), (apacAll.Refused, apacAll.Questions));
        Assert.Equal((0, 4), (stats.ByModelRegion.Single(r => r.Region == "US").Refused, 4));
    }

    [Fact]
    public void TwoRegionsArePairedWithMcNemarOnTheSameQuestions()
    {
        var stats = BiasScenario().Build();

        var bias = stats.RegionComparisons.Single(c => c.Category == "bias");
        Assert.Equal(PairedTest.McNemar, bias.Test);
        Assert.Equal(3, bias.Questions);
        Assert.Equal((0, 3), (bias.McNemar!.B, bias.McNemar.C));
        Assert.Equal(0.25, bias.PValue!.Value, 12);
        Assert.Equal(3, bias.RefusedPerRegion["APAC"]);
    }

    [Fact]
    public void RepeatsAreCombinedPerQuestionByMajorityWithTheirAgreement()
    {
        var s = new StatisticsScenario([Qwen], ["APAC"], repeats: 3).Question("q", "bias").Question("tie", "bias");
        s.Answer("q", Qwen, "APAC", ResponseClass.Refusal, repeat: 0)
            .Answer("q", Qwen, "APAC", ResponseClass.Refusal, repeat: 1)
            .Answer("q", Qwen, "APAC", ResponseClass.Substantive, repeat: 2)
            .Answer("tie", Qwen, "APAC", ResponseClass.Refusal, repeat: 0)
            .Answer("tie", Qwen, "APAC", ResponseClass.Partial, repeat: 1)
            .Answer("tie", Qwen, "APAC", ResponseClass.TechnicalFailure, repeat: 2);

        var stats = s.Build();

        var cell = stats.Cells.Single(c => c.QuestionId == "q");
        Assert.True(cell.MajorityRefused);
        Assert.Equal(2.0 / 3, cell.Agreement!.Value, 12);
        var tie = stats.Cells.Single(c => c.QuestionId == "tie");
        Assert.False(tie.MajorityRefused);
        Assert.Equal((2, 1), (tie.Answered, tie.TechnicalFailures));
        Assert.Equal(0.5, tie.Agreement);
        var rate = stats.ByModelRegion.Single();
        Assert.Equal((1, 2), (rate.Refused, rate.Questions));
        Assert.Equal((2, 2), (stats.Coverage.CellsWithRepeats, stats.Coverage.CellsWhereRepeatsDisagree));
    }

    [Fact]
    public void TechnicalFailuresAndUnfinishedCellsAreLeftOutOfRatesAndCounted()
    {
        var s = new StatisticsScenario([Qwen], ["US"]).Question("a", "x").Question("b", "x").Question("c", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Refusal).Answer("b", Qwen, "US", ResponseClass.TechnicalFailure).Answer("c", Qwen, "US", null);

        var stats = s.Build(finished: false);

        var rate = stats.ByModelRegion.Single();
        Assert.Equal((1, 1, 1, 1), (rate.Refused, rate.Questions, rate.FailedQuestions, rate.UnfinishedQuestions));
        Assert.Equal((3, 1, 1, 1), (stats.Coverage.Executions, stats.Coverage.Answered, stats.Coverage.TechnicalFailures, stats.Coverage.Unfinished));
    }

    [Fact]
    public void ARegionWithoutAnyAnswerHasNoRateRatherThanZero()
    {
        var s = new StatisticsScenario([Qwen], ["US", "EU"]).Question("a", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Substantive).Answer("a", Qwen, "EU", ResponseClass.TechnicalFailure);

        var stats = s.Build();

        var eu = stats.ByModelRegion.Single(r => r.Region == "EU");
        Assert.Equal(0, eu.Questions);
        Assert.Null(eu.Rate);
        Assert.Null(eu.Lower);
        var comparison = stats.RegionComparisons.Single(c => c.Category is null);
        Assert.Equal(PairedTest.None, comparison.Test);
        Assert.Equal(1, comparison.IncompleteQuestions);
    }

    [Fact]
    public void ThreeRegionsUseCochranQWithHolmAdjustedPairwiseTests()
    {
        var s = new StatisticsScenario([Qwen], ["US", "EU", "APAC"]);
        for (var i = 0; i < 8; i++)
        {
            var q = $"q{i}";
            s.Question(q, "bias")
                .Answer(q, Qwen, "US", ResponseClass.Substantive)
                .Answer(q, Qwen, "EU", i == 0 ? ResponseClass.Refusal : ResponseClass.Substantive)
                .Answer(q, Qwen, "APAC", ResponseClass.Refusal);
        }

        var stats = s.Build();

        var comparison = stats.RegionComparisons.Single(c => c.Category is null);
        Assert.Equal(PairedTest.CochranQ, comparison.Test);
        Assert.Equal(8, comparison.Questions);
        Assert.Equal(comparison.CochranQ!.PValue, comparison.PValue);
        Assert.Equal(3, comparison.Pairwise.Count);
        var usApac = comparison.Pairwise.Single(p => p is { RegionA: "US", RegionB: "APAC" });
        Assert.Equal(2 * Math.Pow(0.5, 8), usApac.Result.PValue, 12);
        Assert.True(usApac.HolmPValue >= usApac.Result.PValue);
        Assert.All(comparison.Pairwise, p => Assert.InRange(p.HolmPValue, p.Result.PValue, 1));
    }

    [Fact]
    public void SimilarityComparesEachModelsAnswersAcrossRegionsUsingTheFirstAnsweredRepeat()
    {
        var s = new StatisticsScenario([Qwen, Llama], ["US", "APAC"], repeats: 2).Question("hk", "bias");
        s.Answer("hk", Qwen, "US", ResponseClass.TechnicalFailure, repeat: 0)
            .Answer("hk", Qwen, "US", ResponseClass.Substantive, "Hong Kong saw large protests in 2019.", repeat: 1)
            .Answer("hk", Qwen, "APAC", ResponseClass.Substantive, "Hong Kong saw large protests in 2019.", repeat: 0)
            .Answer("hk", Llama, "US", ResponseClass.Substantive, "Millions marched against the extradition bill.", repeat: 0)
            .Answer("hk", Llama, "APAC", ResponseClass.Refusal, "I cannot discuss that.", repeat: 0);

        var stats = s.Build();

        var qwen = stats.RegionSimilarities.Single(x => x.Model == Qwen);
        Assert.Equal(["US", "APAC"], qwen.Regions);
        Assert.Equal(0, qwen.JaccardDivergence!.Value, 12);
        Assert.Equal(0, qwen.TfIdfDivergence!.Value, 9);
        Assert.False(qwen.IncludesRefusals);
        var llama = stats.RegionSimilarities.Single(x => x.Model == Llama);
        Assert.True(llama.IncludesRefusals);
        Assert.Equal(1, llama.JaccardDivergence!.Value, 12);
        Assert.Equal(2, llama.Jaccard.Length);

        var side = stats.ModelComparisons.Single(x => x.Region == "APAC");
        Assert.Equal([Qwen, Llama], side.Models.Select(m => m.Model));
        Assert.Equal([ResponseClass.Substantive, ResponseClass.Refusal], side.Models.Select(m => m.Class!.Value));
    }

    [Fact]
    public void KeywordMentionsAreCountedPerModelAndRegionAndPerRegion()
    {
        var s = new StatisticsScenario([Qwen, Llama], ["US"]).Question("t", "bias");
        s.Answer("t", Qwen, "US", ResponseClass.Substantive, "Students held protests for democracy; the government sent troops.")
            .Answer("t", Llama, "US", ResponseClass.Substantive, "The protest was censored.");

        var stats = s.Build();

        var qwen = stats.Keywords.Single(k => k.Model == Qwen);
        Assert.Equal((1, 1, 1, 1, 0), (qwen.Answers, qwen.Mentions["protest"], qwen.Mentions["democracy"], qwen.Mentions["government"], qwen.Mentions["censorship"]));
        var region = stats.Keywords.Single(k => k.Model is null);
        Assert.Equal((2, 2, 1), (region.Answers, region.Mentions["protest"], region.Mentions["censorship"]));
    }

    [Fact]
    public void AnExecutionOutsideTheJobsCellsIsRejected()
    {
        var builder = new JobStatisticsBuilder([new("a", "x", "A?")], [Qwen], ["US"], 1);

        Assert.Throws<ArgumentException>(() => builder.Add(new ExecutionObservation(1, "a", Qwen, "EU", 0, ResponseClass.Refusal, false, "no", "v")));
    }

    [Fact]
    public void HolmAdjustsTheSmallestPByTheNumberOfTestsAndKeepsTheOrder()
    {
        var adjusted = HolmCorrection.Adjust([0.04, 0.01, 0.03]);

        // sorted 0.01, 0.03, 0.04 -> 0.03, 0.06, max(0.06, 0.04) = 0.06
        Assert.Equal([0.06, 0.03, 0.06], adjusted.Select(p => Math.Round(p, 12)));
    }
}
