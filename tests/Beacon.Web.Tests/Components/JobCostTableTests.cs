using Beacon.Core.Costs;
using Beacon.Web.Components.Jobs;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class JobCostTableTests : MudTestContext
{
    private IRenderedComponent<JobCostTable> Table(CostBreakdown cost) =>
        Render<JobCostTable>(p => p
            .Add(t => t.Cost, cost)
            .Add(t => t.Models, ["llama3.2-1b", "qwen2.5-1.5b"])
            .Add(t => t.Regions, ["US", "EU", "APAC"]));

    [Fact]
    public void EachModelAndRegionShowsItsRecordedCostWithTotals()
    {
        var cut = Table(CostBreakdown.FromCalls(
        [
            ("qwen2.5-1.5b", "US", false, 12.0, 0.00295m),
            ("qwen2.5-1.5b", "US", false, 8.0, 0.00197m),
            ("llama3.2-1b", "APAC", false, 100.0, 1.5m),
            ("llama3.2-1b", "EU", true, 0.5, 0m),
        ]));

        var qwenUs = cut.Find("[data-testid='cost-qwen2.5-1.5b-US']");
        Assert.Equal("$0.0049", qwenUs.Children[0].TextContent);
        Assert.Equal("20.0 s", qwenUs.Children[1].TextContent);
        Assert.Equal("–", cut.Find("[data-testid='cost-qwen2.5-1.5b-EU']").TextContent.Trim());
        Assert.StartsWith("$1.50", cut.Find("[data-testid='cost-llama3.2-1b-APAC']").TextContent.Trim());
        Assert.StartsWith("$1.50", cut.Find("[data-testid='cost-llama3.2-1b']").TextContent.Trim());
        Assert.StartsWith("$0.00", cut.Find("[data-testid='cost-region-EU']").TextContent.Trim());
        Assert.StartsWith("$1.50", cut.Find("[data-testid='cost-total']").TextContent.Trim());
        var note = cut.Find("[data-testid='cost-note']").TextContent;
        Assert.Contains("4 finished calls", note);
        Assert.Contains("1 were served by the built-in emulator", note);
    }

    [Fact]
    public void BeforeAnyCallFinishesItSaysSo()
    {
        var cut = Table(CostBreakdown.Empty);

        Assert.Equal("–", cut.Find("[data-testid='cost-total']").TextContent.Trim());
        Assert.Contains("No call has finished yet.", cut.Find("[data-testid='cost-note']").TextContent);
    }
}
