using Beacon.Core.Jobs;

namespace Beacon.Core.Tests.Jobs;

public sealed class RemainingTimeTests
{
    private static int Four(string region) => 4;

    private static IEnumerable<CellTiming> Cells(string region, int finished, double seconds, int unfinished) =>
        Enumerable.Range(0, finished).Select(_ => new CellTiming(region, true, seconds))
            .Concat(Enumerable.Range(0, unfinished).Select(_ => new CellTiming(region, false, null)));

    [Fact]
    public void NothingLeftIsZero()
    {
        Assert.Equal(TimeSpan.Zero, RemainingTime.Estimate(Cells("US", 3, 10, 0), Four));
    }

    [Fact]
    public void NoMeasuredCellGivesNoEstimate()
    {
        Assert.Null(RemainingTime.Estimate(Cells("US", 0, 0, 5), Four));
    }

    [Fact]
    public void RemainingCellsRunInRoundsOfTheRegionsConcurrencyAtTheMeasuredMean()
    {
        // 9 left at 4 at once: 3 rounds of 10 s.
        Assert.Equal(TimeSpan.FromSeconds(30), RemainingTime.Estimate(Cells("US", 2, 10, 9), Four));
    }

    [Fact]
    public void TheSlowestRegionDecides()
    {
        var cells = Cells("US", 4, 2, 4).Concat(Cells("APAC", 4, 20, 8));

        Assert.Equal(TimeSpan.FromSeconds(40), RemainingTime.Estimate(cells, Four));
    }

    [Fact]
    public void ARegionWithoutMeasurementsUsesTheJobWideMean()
    {
        var cells = Cells("US", 2, 6, 0).Concat(Cells("EU", 0, 0, 4));

        Assert.Equal(TimeSpan.FromSeconds(6), RemainingTime.Estimate(cells, Four));
    }

    [Fact]
    public void FinishedCellsWithoutADurationAreIgnored()
    {
        var cells = Cells("US", 1, 12, 1).Append(new CellTiming("US", true, null));

        Assert.Equal(TimeSpan.FromSeconds(12), RemainingTime.Estimate(cells, Four));
    }

    [Fact]
    public void ACellTakenAwayFromTheTallyNoLongerCounts()
    {
        // A cell that was running (left to do) finishes: the page takes its old timing away and adds the new one.
        var tally = new RemainingTimeTally();
        foreach (var cell in Cells("US", 2, 10, 9))
        {
            tally.Add(cell);
        }
        tally.Remove(new CellTiming("US", false, null));
        tally.Add(new CellTiming("US", true, 40));

        // 8 left at 4 at once: 2 rounds of the new mean (10 + 10 + 40) / 3 = 20 s.
        Assert.Equal(TimeSpan.FromSeconds(40), tally.Estimate(Four));

        // Every finished cell retried: nothing measured any more, so no estimate.
        tally.Remove(new CellTiming("US", true, 10));
        tally.Remove(new CellTiming("US", true, 10));
        tally.Remove(new CellTiming("US", true, 40));
        Assert.Null(tally.Estimate(Four));
    }
}
