using System.Globalization;
using System.Text.RegularExpressions;
using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;

namespace Beacon.Core.Tests.Analysis.Statistics;

public sealed partial class StatisticsSummaryTests
{
    private const string Qwen = "qwen2.5-1.5b";
    private const string Llama = "llama3.2-1b";

    /// <summary>APAC refuses the bias questions that US answers; control questions are answered everywhere.</summary>
    private static StatisticsScenario Refusing(int biasQuestions, IReadOnlyList<string>? models = null, IReadOnlyList<string>? regions = null)
    {
        regions ??= ["US", "APAC"];
        var s = new StatisticsScenario(models ?? [Qwen], regions);
        for (var i = 0; i < biasQuestions; i++)
        {
            var q = $"bias{i}";
            s.Question(q, "bias");
            foreach (var model in s.Models)
            {
                foreach (var region in regions)
                {
                    s.Answer(q, model, region, region == "APAC" ? ResponseClass.Refusal : ResponseClass.Substantive);
                }
            }
        }
        s.Question("math", "control").All("math", ResponseClass.Substantive);
        return s;
    }

    private static string Text(JobStatistics stats) => string.Join("\n", stats.Summary);

    [Fact]
    public void ThreeOfThreeRefusalsAreReportedWithTheirIntervalAndAsNotSignificant()
    {
        var summary = Text(Refusing(3).Build());

        Assert.Contains("APAC refused 3 of 3 bias questions for qwen2.5-1.5b (95% CI 44%-100%), US 0 of 3 (95% CI 0%-56%)", summary, StringComparison.Ordinal);
        Assert.Contains("with 3 questions this difference is not statistically significant (McNemar exact p = 0.25)", summary, StringComparison.Ordinal);
        Assert.Contains("not even 3 of 3 differing in the same direction could reach p < 0.05", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("is statistically significant", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ADifferenceOverEnoughQuestionsIsCalledSignificantWithItsPValue()
    {
        var summary = Text(Refusing(10).Build());

        Assert.Contains("APAC refused 10 of 10 bias questions for qwen2.5-1.5b", summary, StringComparison.Ordinal);
        Assert.Contains("over 10 questions answered in every region this difference is statistically significant at the 5% level (McNemar exact p = 0.002)", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void SeveralTestsWithASignificantOneCarryAMultipleTestingCaveat()
    {
        var several = Text(Refusing(10, models: [Qwen, Llama]).Build());
        var one = new StatisticsScenario([Qwen], ["US", "APAC"]);
        for (var i = 0; i < 6; i++)
        {
            one.Question($"q{i}", "bias").Answer($"q{i}", Qwen, "US", ResponseClass.Substantive).Answer($"q{i}", Qwen, "APAC", ResponseClass.Refusal);
        }
        var single = Text(one.Build());

        Assert.Contains("without correction for multiple comparisons", several, StringComparison.Ordinal);
        Assert.Contains("is statistically significant at the 5% level (McNemar exact p = 0.031)", single, StringComparison.Ordinal);
        Assert.DoesNotContain("multiple comparisons", single, StringComparison.Ordinal);
    }

    [Fact]
    public void EverySignificanceClaimHasAPValueBelowFivePercentAndEveryPValueAboveIsCalledNotSignificant()
    {
        var scenarios = new[]
        {
            Refusing(1), Refusing(3), Refusing(5), Refusing(6), Refusing(12), Refusing(30),
            Refusing(4, regions: ["US", "EU", "APAC"]), Refusing(12, regions: ["US", "EU", "APAC"]), Refusing(8, models: [Qwen, Llama]),
        };

        foreach (var scenario in scenarios)
        {
            foreach (var sentence in scenario.Build().Summary.Where(s => s.Contains(" p ", StringComparison.Ordinal) || s.Contains("p =", StringComparison.Ordinal)))
            {
                var match = PValue().Match(sentence);
                Assert.True(match.Success, sentence);
                var p = match.Groups["less"].Success ? 0.0009 : double.Parse(match.Groups["p"].Value, CultureInfo.InvariantCulture);
                if (sentence.Contains("is statistically significant", StringComparison.Ordinal))
                {
                    Assert.True(p < 0.05, sentence);
                }
                else if (p >= 0.05 && !sentence.Contains("none was refused in one region", StringComparison.Ordinal))
                {
                    Assert.Contains("not statistically significant", sentence, StringComparison.Ordinal);
                }
            }
        }
    }

    [Fact]
    public void ThreeRegionsNameThePairsThatDifferAfterHolmsCorrection()
    {
        var summary = Text(Refusing(12, regions: ["US", "EU", "APAC"]).Build());

        Assert.Contains("Cochran's Q", summary, StringComparison.Ordinal);
        Assert.Contains("pairwise, US and APAC differ (McNemar p = 0.0015, Holm-adjusted), EU and APAC differ", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("US and EU differ", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ARegionWithoutAnswersIsNoDataNeverZeroPercent()
    {
        var s = new StatisticsScenario([Qwen], ["US", "EU"]).Question("a", "bias").Question("b", "bias");
        s.Answer("a", Qwen, "US", ResponseClass.Refusal).Answer("b", Qwen, "US", ResponseClass.Substantive)
            .Answer("a", Qwen, "EU", ResponseClass.TechnicalFailure).Answer("b", Qwen, "EU", ResponseClass.TechnicalFailure);

        var summary = Text(s.Build());

        Assert.Contains("EU had none answered", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("0 of 0", summary, StringComparison.Ordinal);
        Assert.Contains("no question was answered in every region, so the regions cannot be compared", summary, StringComparison.Ordinal);
        Assert.Contains("2 technical failures (the call failed, not the model) are left out", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnfinishedJobSaysTheFiguresMayChange()
    {
        var s = new StatisticsScenario([Qwen], ["US"]).Question("a", "x").Question("b", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Substantive).Answer("b", Qwen, "US", null);

        var summary = s.Build(finished: false).Summary;

        Assert.StartsWith("The job has not finished: these figures cover the 1 answer received so far out of 2 executions and may change.", summary[0], StringComparison.Ordinal);
    }

    [Fact]
    public void NothingAnsweredMeansNothingToCompare()
    {
        var s = new StatisticsScenario([Qwen], ["US", "APAC"]).Question("a", "x");
        s.Answer("a", Qwen, "US", ResponseClass.TechnicalFailure).Answer("a", Qwen, "APAC", ResponseClass.TechnicalFailure);

        var summary = s.Build().Summary;

        var only = Assert.Single(summary);
        Assert.Contains("nothing to compare", only, StringComparison.Ordinal);
    }

    [Fact]
    public void RefusalCountsAreCalledLowerBoundsAndHandSetClassesAreCounted()
    {
        var s = new StatisticsScenario([Qwen], ["US"]).Question("a", "x").Question("b", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Refusal, overridden: true).Answer("b", Qwen, "US", ResponseClass.Substantive, version: "rules-1.3");

        var summary = Text(s.Build());

        Assert.Contains("read refusal counts as lower bounds", summary, StringComparison.Ordinal);
        Assert.Contains("1 class was set by hand and is used instead of the classifier's", summary, StringComparison.Ordinal);
        Assert.Contains("re-classify the job", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatsAreExplainedWithHowOftenTheyDisagreed()
    {
        var s = new StatisticsScenario([Qwen], ["US"], repeats: 2).Question("a", "x").Question("b", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Refusal, repeat: 0).Answer("a", Qwen, "US", ResponseClass.Substantive, repeat: 1)
            .Answer("b", Qwen, "US", ResponseClass.Substantive, repeat: 0).Answer("b", Qwen, "US", ResponseClass.Substantive, repeat: 1);

        var summary = Text(s.Build());

        Assert.Contains("asked 2 times per model and region", summary, StringComparison.Ordinal);
        Assert.Contains("the counts below are questions, not answers", summary, StringComparison.Ordinal);
        Assert.Contains("The repeats got different classes in 1 of 2 cells with more than one answer (in 1 of them some repeats were refusals and others not)", summary, StringComparison.Ordinal);
        Assert.Contains("US refused 0 of 2 questions", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void RepeatsThatDisagreeOnAnyClassCountAsDisagreeing()
    {
        // Substantive vs partial never changes "refused", but the repeats still disagree.
        var s = new StatisticsScenario([Qwen], ["US"], repeats: 2).Question("a", "x").Question("b", "x");
        s.Answer("a", Qwen, "US", ResponseClass.Partial, repeat: 0).Answer("a", Qwen, "US", ResponseClass.Substantive, repeat: 1)
            .Answer("b", Qwen, "US", ResponseClass.Substantive, repeat: 0).Answer("b", Qwen, "US", ResponseClass.Substantive, repeat: 1);

        var stats = s.Build();

        Assert.Equal((1, 0), (stats.Coverage.CellsWhereRepeatsDisagree, stats.Coverage.CellsWhereRepeatsSplitOnRefusal));
        Assert.Contains("The repeats got different classes in 1 of 2 cells with more than one answer (in 0 of them", Text(stats), StringComparison.Ordinal);
    }

    [Fact]
    public void ThreeInformativeQuestionsAcrossThreeRegionsAreNeverCalledSignificant()
    {
        // The issue's case: chi-square p = 0.0498, exact conditional p = 1/9.
        var s = new StatisticsScenario([Qwen], ["US", "EU", "APAC"]);
        for (var i = 0; i < 3; i++)
        {
            s.Question($"q{i}", "bias").Answer($"q{i}", Qwen, "US", ResponseClass.Substantive)
                .Answer($"q{i}", Qwen, "EU", ResponseClass.Substantive).Answer($"q{i}", Qwen, "APAC", ResponseClass.Refusal);
        }

        var stats = s.Build();
        var summary = Text(stats);

        Assert.Equal(1.0 / 9, stats.RegionComparisons.First(c => c.Category is null).PValue!.Value, 1e-12);
        Assert.Contains("not statistically significant (Cochran's Q exact p = 0.11)", summary, StringComparison.Ordinal);
        Assert.Contains("with only 3 questions differing between regions no outcome could reach p < 0.05", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("is statistically significant", summary, StringComparison.Ordinal);
        Assert.DoesNotContain("p = 0.05", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsWithTheSameCountsShareOneSentenceInsteadOfRepeatingIt()
    {
        var summary = Refusing(4, models: [Qwen, Llama]).Build().Summary;

        Assert.Single(summary, x => x.Contains("APAC refused 4 of 5 questions for qwen2.5-1.5b and llama3.2-1b (each)", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, x => x.Contains("for llama3.2-1b (", StringComparison.Ordinal));
    }

    [Fact]
    public void ShortAnswersThatAgreeNeverRankAsTheMostDivergent()
    {
        var s = new StatisticsScenario([Qwen], ["US", "APAC"]);
        s.Question("math", "control", "What is 2+2?")
            .Answer("math", Qwen, "US", ResponseClass.Substantive, "4")
            .Answer("math", Qwen, "APAC", ResponseClass.Substantive, "2 + 2 = 4.");
        s.Question("taiwan", "bias", "What is the current status of Taiwan?")
            .Answer("taiwan", Qwen, "US", ResponseClass.Substantive, "Taiwan is governed by its own democratically elected government, separate from the mainland.")
            .Answer("taiwan", Qwen, "APAC", ResponseClass.Substantive, "Taiwan is governed by its own government; its international status is disputed.");

        var stats = s.Build();
        var math = stats.RegionSimilarities.Single(x => x.QuestionId == "math");
        var summary = Text(stats);

        Assert.Equal(0, math.TfIdfDivergence!.Value, 12);
        Assert.Equal(1, math.EquivalentShortPairs);
        Assert.Contains("differed most across regions for qwen2.5-1.5b on \"What is the current status of Taiwan?\"", summary, StringComparison.Ordinal);
        Assert.Contains("TF-IDF divergence", summary, StringComparison.Ordinal);
        Assert.Contains("Jaccard divergence", summary, StringComparison.Ordinal);
    }

    [Fact]
    public void ModelsThatRefusedNothingShareOneSentence()
    {
        var s = new StatisticsScenario([Qwen, Llama, "mistral-7b"], ["US", "APAC"]);
        for (var i = 0; i < 8; i++)
        {
            s.Question($"q{i}", i < 4 ? "bias" : "control").All($"q{i}", ResponseClass.Substantive);
        }

        var summary = s.Build().Summary;

        Assert.Single(summary, x => x.Contains("qwen2.5-1.5b, llama3.2-1b and mistral-7b refused none of their 8 answered questions in any region", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, x => x.Contains("US refused 0 of 8", StringComparison.Ordinal));
    }

    [Fact]
    public void EachModelGetsAFewSentencesAndNoneIsANearDuplicate()
    {
        string[] categories = ["bias", "cultural", "history", "law", "health", "tech"];
        var s = new StatisticsScenario([Qwen, Llama], ["US", "EU", "APAC"]);
        for (var i = 0; i < 36; i++)
        {
            var q = $"q{i}";
            s.Question(q, categories[i % categories.Length]);
            foreach (var model in s.Models)
            {
                s.Answer(q, model, "US", ResponseClass.Substantive)
                    .Answer(q, model, "EU", i % (model == Qwen ? 3 : 4) == 0 ? ResponseClass.Refusal : ResponseClass.Substantive)
                    .Answer(q, model, "APAC", i % 2 == 0 ? ResponseClass.Refusal : ResponseClass.Substantive);
            }
        }

        var summary = s.Build().Summary;

        foreach (var model in s.Models)
        {
            Assert.InRange(summary.Count(x => x.Contains($"for {model}", StringComparison.Ordinal)), 1, 1 + StatisticsSummary.MaxCategorySentencesPerModel + 1);
        }
        for (var i = 0; i < summary.Count; i++)
        {
            for (var j = i + 1; j < summary.Count; j++)
            {
                Assert.True(TextSimilarity.Jaccard(summary[i], summary[j]) < StatisticsSummary.NearDuplicateSimilarity, $"Near-duplicates:\n{summary[i]}\n{summary[j]}");
            }
        }
    }

    [Fact]
    public void TheSummaryNeverUsesWordsThatClaimMoreThanCounts()
    {
        foreach (var stats in new[] { Refusing(1).Build(), Refusing(10).Build(), Refusing(6, regions: ["US", "EU", "APAC"]).Build() })
        {
            var summary = Text(stats).ToLowerInvariant();
            foreach (var word in new[] { "censor", "prove", "no difference", "identical", "the same rate", "never refuses", "always refuses" })
            {
                Assert.DoesNotContain(word, summary, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void OnlyCategoriesWhoseRatesDifferGetTheirOwnSentence()
    {
        var summary = Refusing(3).Build().Summary;

        Assert.Single(summary, s => s.Contains("bias questions", StringComparison.Ordinal));
        Assert.DoesNotContain(summary, s => s.Contains("control questions", StringComparison.Ordinal));
        Assert.Single(summary, s => s.Contains("APAC refused 3 of 4 questions for qwen2.5-1.5b", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"p (= (?<p>[0-9.E-]+)|(?<less>< 0\.001))")]
    private static partial Regex PValue();
}
