using Beacon.Core.Jobs;

namespace Beacon.Core.Tests.Jobs;

public sealed class JobEstimateTests
{
    [Fact]
    public void TheBuiltInMatrixIsSeventyTwoExecutionsInThreeMinutesOrSo()
    {
        var estimate = JobEstimate.For(questions: 8, models: 3, regions: 3, repeats: 1);

        Assert.Equal(72, estimate.Executions);
        // 24 calls per region, 4 at once: 6 rounds x 8 s after one 45 s cold start.
        Assert.Equal(TimeSpan.FromSeconds(45 + 48), estimate.Duration);
    }

    [Fact]
    public void CostIsEachRegionsContainerTimeIncludingIdleTimeoutAtTheT4PriceWithThePinningSurcharge()
    {
        var estimate = JobEstimate.For(questions: 8, models: 3, regions: 3, repeats: 1);

        var hours = 3 * (93 + 120) / 3600.0;
        Assert.Equal(hours, estimate.GpuHours, 9);
        Assert.Equal(Math.Round((decimal)hours * 0.59m * 1.5m, 2), estimate.CostLowUsd);
        Assert.Equal(Math.Round((decimal)hours * 0.59m * 1.75m, 2), estimate.CostHighUsd);
        Assert.True(estimate.CostLowUsd < estimate.CostHighUsd);
    }

    [Fact]
    public void RegionsRunSideBySideSoMoreRegionsCostMoreButTakeNoLonger()
    {
        var one = JobEstimate.For(10, 2, 1, 1);
        var three = JobEstimate.For(10, 2, 3, 1);

        Assert.Equal(one.Duration, three.Duration);
        Assert.Equal(3 * one.GpuHours, three.GpuHours, 9);
    }

    [Fact]
    public void RepeatsAddRounds()
    {
        var once = JobEstimate.For(8, 1, 1, 1);
        var thrice = JobEstimate.For(8, 1, 1, 3);

        Assert.Equal(TimeSpan.FromSeconds(45 + (2 * 8)), once.Duration);
        Assert.Equal(TimeSpan.FromSeconds(45 + (6 * 8)), thrice.Duration);
    }

    [Fact]
    public void AnEmptySelectionEstimatesNothing()
    {
        Assert.Equal(JobEstimate.Empty, JobEstimate.For(0, 3, 3, 1));
    }

    [Fact]
    public void AssumptionsCanBeChanged()
    {
        var estimate = JobEstimate.For(8, 1, 1, 1, JobEstimateAssumptions.Default with { ConcurrencyPerRegion = 1, WarmCall = TimeSpan.FromSeconds(2), ColdStart = TimeSpan.Zero });

        Assert.Equal(TimeSpan.FromSeconds(16), estimate.Duration);
    }
}
