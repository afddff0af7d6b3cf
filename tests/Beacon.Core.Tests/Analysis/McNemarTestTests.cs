using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class McNemarTestTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void TenAgainstTwoGivesTheContinuityCorrectedChiSquareComputedByHand()
    {
        // chi2 = (|10 - 2| - 1)^2 / (10 + 2) = 49 / 12 = 4.0833; P(chi2(1) > 4.0833) = 0.0433.
        var result = McNemarTest.FromCounts(bothTrue: 5, onlyA: 10, onlyB: 2, bothFalse: 20);

        Assert.Equal(49.0 / 12, result.ChiSquare, 1e-9);
        Assert.Equal(0.0433, result.ChiSquarePValue, Tolerance);
    }

    [Fact]
    public void TwelveDiscordantPairsAreDecidedByTheExactTest()
    {
        // Exact: 2 * P(X <= 2), X ~ Bin(12, 1/2) = 2 * (1 + 12 + 66) / 4096 = 158 / 4096.
        var result = McNemarTest.FromCounts(5, 10, 2, 20);

        Assert.Equal(McNemarMethod.ExactBinomial, result.Method);
        Assert.Equal(158.0 / 4096, result.ExactPValue, 1e-12);
        Assert.Equal(result.ExactPValue, result.PValue);
    }

    [Fact]
    public void OneAgainstSixHasExactTwoSidedPOfOneEighth()
    {
        // 2 * P(X <= 1), X ~ Bin(7, 1/2) = 2 * (1 + 7) / 128 = 0.125.
        var result = McNemarTest.FromCounts(0, 1, 6, 0);

        Assert.Equal(0.125, result.ExactPValue, 1e-12);
        Assert.Equal(0.125, result.PValue, 1e-12);
    }

    [Fact]
    public void TwentyFiveOrMoreDiscordantPairsUseTheChiSquareApproximation()
    {
        // chi2 = (|30 - 10| - 1)^2 / 40 = 361 / 40 = 9.025; P(chi2(1) > 9.025) = 2 * (1 - Phi(3.0042)) = 0.00266.
        var result = McNemarTest.FromCounts(0, 30, 10, 0);

        Assert.Equal(McNemarMethod.ChiSquareContinuityCorrected, result.Method);
        Assert.Equal(9.025, result.ChiSquare, 1e-9);
        Assert.Equal(0.00266, result.PValue, 1e-5);
        Assert.Equal(result.ChiSquarePValue, result.PValue);
    }

    [Fact]
    public void CountsDiscordantPairsFromPairedOutcomes()
    {
        bool[] refusedInUs = [true, true, false, false, true, false, false, true];
        bool[] refusedInApac = [true, false, true, true, true, true, false, true];

        var result = McNemarTest.Compute(refusedInUs, refusedInApac);

        Assert.Equal(3, result.BothTrue);
        Assert.Equal(1, result.B);
        Assert.Equal(3, result.C);
        Assert.Equal(1, result.BothFalse);
        Assert.Equal(8, result.Pairs);
        // 2 * P(X <= 1), X ~ Bin(4, 1/2) = 2 * 5/16 = 0.625.
        Assert.Equal(0.625, result.PValue, 1e-12);
    }

    [Fact]
    public void BalancedDiscordanceGivesNoEvidenceOfDifference()
    {
        var result = McNemarTest.FromCounts(2, 3, 3, 2);

        Assert.Equal(0, result.ChiSquare);
        Assert.Equal(1, result.ExactPValue);
        Assert.Equal(1, result.ChiSquarePValue);
    }

    [Fact]
    public void IdenticalOutcomesGivePValueOne()
    {
        bool[] same = [true, false, true];

        var result = McNemarTest.Compute(same, same);

        Assert.Equal(0, result.Discordant);
        Assert.Equal(1, result.PValue);
    }

    [Fact]
    public void RejectsOutcomeArraysOfDifferentLengths()
    {
        Assert.Throws<ArgumentException>(() => McNemarTest.Compute([true, false], [true]));
    }
}
