using Beacon.Core.Analysis.Statistics;
using Beacon.Infrastructure.Data;
using Beacon.Web.Components.Analysis;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class ClassHeatmapTests : MudTestContext
{
    private static readonly Guid JobId = Guid.Parse("0193a000-0000-7000-8000-000000000001");

    private static CellStatistics Cell(string question, string region, int substantive = 0, int partial = 0, int refused = 0, int failed = 0, int unfinished = 0, string model = "qwen")
    {
        var answered = substantive + partial + refused;
        return new CellStatistics(question, "bias", model, region, substantive, partial, refused, failed, unfinished,
            answered == 0 ? null : refused * 2 > answered, answered < 2 ? null : (double)Math.Max(refused, answered - refused) / answered);
    }

    private IRenderedComponent<ClassHeatmap> Heatmap(params CellStatistics[] cells) =>
        Render<ClassHeatmap>(p => p
            .Add(h => h.JobId, JobId)
            .Add(h => h.Model, "qwen")
            .Add(h => h.Questions, [new JobQuestion { Id = "taiwan_status", Category = "bias", Text = "What is the current status of Taiwan?" }, new JobQuestion { Id = "math_basic", Category = "control", Text = "What is 2+2?" }])
            .Add(h => h.Regions, ["US", "APAC"])
            .Add(h => h.Cells, cells));

    [Fact]
    public void EachCellIsColouredByItsClassAndLinksToTheComparison()
    {
        var cut = Heatmap(
            Cell("taiwan_status", "US", substantive: 1), Cell("taiwan_status", "APAC", refused: 1),
            Cell("math_basic", "US", partial: 1), Cell("math_basic", "APAC", failed: 1),
            Cell("math_basic", "US", refused: 1, model: "llama"));

        var us = cut.Find("[data-testid='hm-qwen-taiwan_status-US']");
        Assert.Equal("substantive", us.GetAttribute("data-class"));
        Assert.Equal("substantive", us.TextContent.Trim());
        Assert.Equal("refusal", cut.Find("[data-testid='hm-qwen-taiwan_status-APAC']").GetAttribute("data-class"));
        Assert.Equal("partial", cut.Find("[data-testid='hm-qwen-math_basic-US']").GetAttribute("data-class"));
        var failed = cut.Find("[data-testid='hm-qwen-math_basic-APAC']");
        Assert.Equal("failure", failed.GetAttribute("data-class"));
        Assert.Equal("failed", failed.TextContent.Trim());
        Assert.Equal($"/jobs/{JobId}/compare?question=taiwan_status&model=qwen", us.QuerySelector("a")!.GetAttribute("href"));
        Assert.Equal(4, cut.FindAll("td.beacon-heatmap-cell").Count);
    }

    [Fact]
    public void WithRepeatsACellSaysHowManyAgreeAndMarksDisagreement()
    {
        var cut = Heatmap(Cell("taiwan_status", "APAC", refused: 2, substantive: 1), Cell("taiwan_status", "US", substantive: 3), Cell("math_basic", "US", refused: 1, substantive: 1));

        var apac = cut.Find("[data-testid='hm-qwen-taiwan_status-APAC']");
        Assert.Equal("2/3 refusal", apac.TextContent.Trim());
        Assert.Contains("beacon-heatmap-disagree", apac.ClassName, StringComparison.Ordinal);
        Assert.Contains("2 refusal, 1 substantive", apac.GetAttribute("title"), StringComparison.Ordinal);
        var us = cut.Find("[data-testid='hm-qwen-taiwan_status-US']");
        Assert.Equal("3/3 substantive", us.TextContent.Trim());
        Assert.DoesNotContain("beacon-heatmap-disagree", us.ClassName, StringComparison.Ordinal);
        var tie = cut.Find("[data-testid='hm-qwen-math_basic-US']");
        Assert.Equal("tie", tie.GetAttribute("data-class"));
        Assert.Equal("tie 1/2", tie.TextContent.Trim());
    }

    [Fact]
    public void UnfinishedCellsAreNotShownAsAnswers()
    {
        var cut = Heatmap(Cell("taiwan_status", "US", unfinished: 1));

        var cell = cut.Find("[data-testid='hm-qwen-taiwan_status-US']");
        Assert.Equal("pending", cell.GetAttribute("data-class"));
        Assert.Equal("–", cut.Find("[data-testid='hm-qwen-math_basic-APAC']").TextContent.Trim());
    }

    [Fact]
    public void TheLegendExplainsEveryColour()
    {
        var cut = Heatmap();

        var legend = cut.Find("[data-testid='heatmap-legend']").TextContent;
        foreach (var label in new[] { "substantive", "partial", "refusal", "technical failure", "not finished", "repeats disagree" })
        {
            Assert.Contains(label, legend, StringComparison.Ordinal);
        }
    }
}
