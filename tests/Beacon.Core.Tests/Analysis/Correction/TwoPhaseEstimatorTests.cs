using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Correction;

namespace Beacon.Core.Tests.Analysis.Correction;

public sealed class TwoPhaseEstimatorTests
{
    [Fact]
    public void TheEstimateIsTheStratumShareHumansLabelRefusalWeightedByStratumSize()
    {
        // 80 answers classified substantive (20 reviewed, 2 are refusals), 20 classified refusal (10 reviewed, 9 are).
        // p = 0.8 * 2/20 + 0.2 * 9/10 = 0.08 + 0.18 = 0.26, where the classifier alone says 0.20.
        StratumCounts[] strata = [new(80, 20, 2, false), new(20, 10, 9, true)];

        var rate = TwoPhaseEstimator.Estimate(strata, firstPhaseUnits: 100);

        Assert.Equal(0.26, rate.Rate!.Value, 12);
        Assert.Equal((100, 30, 0), (rate.Answers, rate.Reviewed, rate.UnreviewedAnswers));
        Assert.True(rate.Complete);
        Assert.InRange(0.26, rate.Lower!.Value, rate.Upper!.Value);
    }

    [Fact]
    public void ReviewingEveryAnswerLeavesOnlyTheSamplingOfTheAnswersThemselves()
    {
        StratumCounts[] strata = [new(40, 40, 4, false), new(10, 10, 6, true)];

        var rate = TwoPhaseEstimator.Estimate(strata, firstPhaseUnits: 50);
        var wilson = WilsonInterval.Compute(10, 50);

        // Every stratum reviewed in full: the finite-population correction removes the classification term, and the
        // interval is the plain Wilson interval of 10 human-labelled refusals in 50.
        Assert.Equal(0.2, rate.Rate!.Value, 12);
        Assert.Equal(Math.Sqrt(0.2 * 0.8 / 50), rate.StandardError!.Value, 12);
        Assert.Equal(wilson.Lower, rate.Lower!.Value, 9);
        Assert.Equal(wilson.Upper, rate.Upper!.Value, 9);
    }

    [Fact]
    public void AUnanimousStratumSampleStillCarriesClassificationUncertainty()
    {
        // Nobody found a refusal among 30 reviewed "substantive" answers: that does not prove there are none in 900.
        StratumCounts[] unanimous = [new(900, 30, 0, false), new(100, 30, 30, true)];
        StratumCounts[] complete = [new(900, 900, 0, false), new(100, 100, 100, true)];

        var sampled = TwoPhaseEstimator.Estimate(unanimous, 1000);
        var all = TwoPhaseEstimator.Estimate(complete, 1000);

        Assert.Equal(0.1, sampled.Rate!.Value, 12);
        Assert.True(sampled.Upper - sampled.Lower > (all.Upper - all.Lower) * 1.5);
    }

    [Fact]
    public void UnreviewedStrataCountAsTheClassifierSaidAndAreFlagged()
    {
        StratumCounts[] strata = [new(50, 10, 1, false), new(10, 0, 0, true)];

        var rate = TwoPhaseEstimator.Estimate(strata, 60);

        Assert.Equal((50.0 / 60 * 0.1) + (10.0 / 60), rate.Rate!.Value, 12);
        Assert.Equal(10, rate.UnreviewedAnswers);
        Assert.False(rate.Complete);
    }

    [Fact]
    public void NoAnswersGiveNoRateRatherThanZero()
    {
        var rate = TwoPhaseEstimator.Estimate([], 0);

        Assert.Null(rate.Rate);
        Assert.Null(rate.Lower);
    }

    [Fact]
    public void PlannedPrecisionNarrowsAsMoreAnswersAreReviewed()
    {
        (int, int, double)[] few = [(800, 10, 0.05), (150, 10, 0.3), (250, 10, 0.9)];
        (int, int, double)[] many = [(800, 80, 0.05), (150, 80, 0.3), (250, 80, 0.9)];

        var wide = TwoPhaseEstimator.PlannedHalfWidth(few, 1200);
        var narrow = TwoPhaseEstimator.PlannedHalfWidth(many, 1200);

        Assert.True(narrow < wide);
        Assert.InRange(narrow, 0.01, 0.06);
    }
}
