using Beacon.Core.Costs;

namespace Beacon.Core.Tests.Costs;

public sealed class CostBreakdownTests
{
    [Fact]
    public void CallsAddUpPerLaneRegionModelAndInTotal()
    {
        var cost = CostBreakdown.FromCalls(
        [
            ("qwen2.5-1.5b", "US", false, 10.0, 0.002m),
            ("qwen2.5-1.5b", "US", false, 5.0, 0.001m),
            ("qwen2.5-1.5b", "EU", true, 1.0, 0m),
            ("mistral-7b", "US", false, 20.0, 0.005m),
        ]);

        var lane = cost.Lane("qwen2.5-1.5b", "US")!;
        Assert.Equal((2, 15.0, 0.003m), (lane.Executions, lane.BilledSeconds, lane.Usd));
        Assert.Null(cost.Lane("mistral-7b", "EU"));

        var us = Assert.Single(cost.ByRegion, l => l.Region == "US");
        Assert.Equal((3, 35.0, 0.008m), (us.Executions, us.BilledSeconds, us.Usd));
        Assert.Null(us.Model);
        var qwen = Assert.Single(cost.ByModel, l => l.Model == "qwen2.5-1.5b");
        Assert.Equal((3, 1, 0.003m), (qwen.Executions, qwen.EmulatedExecutions, qwen.Usd));

        Assert.Equal((4, 1, 36.0, 0.008m), (cost.Total.Executions, cost.Total.EmulatedExecutions, cost.Total.BilledSeconds, cost.Total.Usd));
        Assert.Equal(["EU", "US"], cost.ByRegion.Select(l => l.Region));
        Assert.Equal(["mistral-7b", "qwen2.5-1.5b"], cost.ByModel.Select(l => l.Model));
    }

    [Fact]
    public void NothingFinishedCostsNothing()
    {
        Assert.Equal(0, CostBreakdown.Empty.Total.Executions);
        Assert.Equal(0m, CostBreakdown.FromCalls([]).Total.Usd);
        Assert.Empty(CostBreakdown.Empty.ByLane);
    }

    [Fact]
    public void ACallTakenAwayFromTheTallyLeavesTheBreakdownAsIfItHadNeverBeenAdded()
    {
        var tally = new CostTally();
        tally.Add("qwen2.5-1.5b", "US", false, 10.0, 0.002m);
        tally.Add("mistral-7b", "EU", true, 3.0, 0m);
        tally.Remove("mistral-7b", "EU", true, 3.0, 0m);
        tally.Add("qwen2.5-1.5b", "US", false, 5.0, 0.001m);

        var cost = tally.Breakdown();

        var lane = Assert.Single(cost.ByLane);
        Assert.Equal(("qwen2.5-1.5b", "US", 2, 0, 15.0, 0.003m), (lane.Model, lane.Region, lane.Executions, lane.EmulatedExecutions, lane.BilledSeconds, lane.Usd));
        Assert.Equal(["US"], cost.ByRegion.Select(l => l.Region));
    }
}
