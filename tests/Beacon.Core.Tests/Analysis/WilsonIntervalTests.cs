using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class WilsonIntervalTests
{
    private const double Tolerance = 1e-4;

    [Fact]
    public void EightOfTenAtNinetyFivePercentMatchesTheReferenceInterval()
    {
        var interval = WilsonInterval.Compute(8, 10);

        Assert.Equal(0.8, interval.Rate, Tolerance);
        Assert.Equal(0.4902, interval.Lower, Tolerance);
        Assert.Equal(0.9433, interval.Upper, Tolerance);
    }

    [Fact]
    public void ZeroOfTenHasAnExactZeroLowerBoundAndAWideUpperBound()
    {
        var interval = WilsonInterval.Compute(0, 10);

        Assert.Equal(0, interval.Rate);
        Assert.Equal(0, interval.Lower);
        Assert.Equal(0.2775, interval.Upper, Tolerance);
    }

    [Fact]
    public void TenOfTenMirrorsZeroOfTen()
    {
        var interval = WilsonInterval.Compute(10, 10);

        Assert.Equal(1 - 0.2775, interval.Lower, Tolerance);
        Assert.Equal(1, interval.Upper);
    }

    [Fact]
    public void FiftyOfHundredIsSymmetricAroundOneHalf()
    {
        // Centre (p + z²/2n)/(1 + z²/n) = 0.5; half width 1.96/1.038416 * sqrt(0.0025 + 0.000096) = 0.0962.
        var interval = WilsonInterval.Compute(50, 100);

        Assert.Equal(0.4038, interval.Lower, Tolerance);
        Assert.Equal(0.5962, interval.Upper, Tolerance);
    }

    [Fact]
    public void HigherConfidenceGivesAWiderInterval()
    {
        var ninetyFive = WilsonInterval.Compute(3, 12);
        var ninetyNine = WilsonInterval.Compute(3, 12, 0.99);

        Assert.True(ninetyNine.Lower < ninetyFive.Lower);
        Assert.True(ninetyNine.Upper > ninetyFive.Upper);
    }

    [Fact]
    public void FewerTrialsGiveAWiderIntervalForTheSameRate()
    {
        var small = WilsonInterval.Compute(4, 8);
        var large = WilsonInterval.Compute(400, 800);

        Assert.True(small.Upper - small.Lower > 5 * (large.Upper - large.Lower));
    }

    [Fact]
    public void ZeroTrialsGiveAnEmptyResultRatherThanAZeroRate()
    {
        var interval = WilsonInterval.Compute(0, 0);

        Assert.True(interval.IsEmpty);
        Assert.True(double.IsNaN(interval.Rate));
        Assert.True(double.IsNaN(interval.Lower));
        Assert.True(double.IsNaN(interval.Upper));
        Assert.Equal("n/a (0 trials)", interval.ToString());
    }

    [Theory]
    [InlineData(-1, 10, 0.95)]
    [InlineData(11, 10, 0.95)]
    [InlineData(1, -1, 0.95)]
    [InlineData(1, 10, 1.0)]
    [InlineData(1, 10, 0.0)]
    public void RejectsImpossibleInputs(int successes, int trials, double confidence)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => WilsonInterval.Compute(successes, trials, confidence));
    }
}
