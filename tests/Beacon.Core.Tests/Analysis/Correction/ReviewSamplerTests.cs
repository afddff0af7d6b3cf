using Beacon.Core.Analysis;
using Beacon.Core.Review;

namespace Beacon.Core.Tests.Analysis.Correction;

public sealed class ReviewSamplerTests
{
    private static List<ReviewCandidate> Candidates()
    {
        var list = new List<ReviewCandidate>();
        var id = 0L;
        foreach (var region in new[] { "US", "APAC" })
        {
            for (var q = 0; q < 30; q++)
            {
                var predicted = q % 5 == 0 ? ResponseClass.Refusal : q % 7 == 0 ? ResponseClass.Partial : ResponseClass.Substantive;
                list.Add(new ReviewCandidate(++id, $"q{q}", predicted, q < 10 ? "zh" : "en", "qwen2.5-1.5b", region));
            }
        }
        return list;
    }

    [Fact]
    public void EveryStratumGetsItsShareOrItsNumberAndTheDrawIsReproducible()
    {
        var candidates = Candidates();

        var (strata, drawn) = ReviewSampler.Draw(candidates, new SampleSize(3, null), seed: 42);
        var (_, again) = ReviewSampler.Draw(candidates, new SampleSize(3, null), seed: 42);

        Assert.Equal(candidates.GroupBy(c => c.Stratum).Count(), strata.Count);
        foreach (var stratum in strata)
        {
            Assert.Equal(Math.Min(3, stratum.Population), drawn.Count(d => d.Stratum == stratum.Key));
        }
        Assert.Equal(drawn.Select(d => d.ExecutionId), again.Select(d => d.ExecutionId));
        Assert.Equal(drawn.Count, drawn.Select(d => d.ExecutionId).Distinct().Count());
    }

    [Fact]
    public void AShareDrawsAtLeastOnePerStratumAndThePlanShowsThePrecision()
    {
        var candidates = Candidates();

        var plan = ReviewSampler.Plan(candidates, new SampleSize(null, 0.1));
        var bigger = ReviewSampler.Plan(candidates, new SampleSize(null, 0.5));

        Assert.All(plan.Strata, s => Assert.True(s.Drawn >= 1));
        Assert.Equal(60, plan.Answers);
        Assert.True(bigger.OverallHalfWidth < plan.OverallHalfWidth);
        Assert.NotEmpty(plan.WorstModelRegion);
    }

    [Theory]
    [InlineData("台湾是中国不可分割的一部分。", "en", "zh")]
    [InlineData("Taiwan is governed separately.", "en", "en")]
    [InlineData("Taiwan is governed separately.", "zh", "en")]
    public void TheAnswersLanguageIsDetectedFromItsScript(string answer, string questionLanguage, string expected)
    {
        Assert.Equal(expected, AnswerLanguage.Detect(answer, questionLanguage));
    }
}
