using System.Globalization;
using Beacon.Core.Analysis.Statistics;
using Beacon.Web.Components.Analysis;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class RefusalRateChartTests : MudTestContext
{
    private static RefusalRate Rate(string model, string region, int refused, int questions, double? lower, double? upper, string? category = null, int failed = 0) =>
        new(model, category, region, refused, questions, questions == 0 ? null : (double)refused / questions, lower, upper, 0.95, failed, 0);

    private static double Number(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    private IRenderedComponent<RefusalRateChart> Chart(IReadOnlyList<RefusalRate> rates, bool byCategory = false) =>
        Render<RefusalRateChart>(p => p
            .Add(c => c.Rates, rates)
            .Add(c => c.Regions, ["US", "EU", "APAC"])
            .Add(c => c.ByCategory, byCategory));

    [Fact]
    public void BarsAreAsLongAsTheRateAndWhiskersSpanTheWilsonInterval()
    {
        var cut = Chart([Rate("qwen", "US", 4, 8, 0.2152, 0.7848), Rate("qwen", "APAC", 8, 8, 0.6756, 1)]);

        var plot = RefusalRateChart.PlotRight - RefusalRateChart.PlotLeft;
        var us = cut.Find("[data-testid='bar-qwen-US']");
        Assert.Equal(RefusalRateChart.PlotLeft, Number(us.GetAttribute("x")), 1);
        Assert.Equal(plot * 0.5, Number(us.GetAttribute("width")), 1);
        var apac = cut.Find("[data-testid='bar-qwen-APAC']");
        Assert.Equal(plot, Number(apac.GetAttribute("width")), 1);

        var whisker = cut.Find("[data-testid='whisker-qwen-US']");
        Assert.Equal(RefusalRateChart.X(0.2152), Number(whisker.GetAttribute("data-lower")), 1);
        Assert.Equal(RefusalRateChart.X(0.7848), Number(whisker.GetAttribute("data-upper")), 1);
        // The whisker's line runs between its bounds, with a cap at each.
        var lines = whisker.QuerySelectorAll("line");
        Assert.Equal(3, lines.Length);
        Assert.Equal(whisker.GetAttribute("data-lower"), lines[0].GetAttribute("x1"));
        Assert.Equal(whisker.GetAttribute("data-upper"), lines[0].GetAttribute("x2"));
    }

    [Fact]
    public void EachBarIsLabelledWithItsCountsRateAndInterval()
    {
        var cut = Chart([Rate("qwen", "US", 4, 8, 0.2152, 0.7848)]);

        Assert.Equal("4/8 · 50% [22%–78%]", cut.Find("[data-testid='value-qwen-US']").TextContent);
        Assert.Contains("refused 4 of 8 answered questions", cut.Find("[data-testid='rate-qwen-US'] title").TextContent, StringComparison.Ordinal);
        Assert.Contains("qwen", cut.FindAll("text.beacon-chart-group").Select(t => t.TextContent));
        Assert.Equal(["0%", "25%", "50%", "75%", "100%"], cut.FindAll("text.beacon-chart-tick").Select(t => t.TextContent).Distinct());
        Assert.Contains("Refusal rate", cut.Find("text.beacon-chart-axis-label").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void NoDataIsSaidInWordsAndNeverDrawnAsZero()
    {
        var cut = Chart([Rate("qwen", "EU", 0, 0, null, null, failed: 3), Rate("qwen", "US", 0, 8, 0, 0.3244)]);

        Assert.Empty(cut.FindAll("[data-testid='bar-qwen-EU']"));
        Assert.Empty(cut.FindAll("[data-testid='whisker-qwen-EU']"));
        Assert.Equal("no data (3 failed technically)", cut.Find("[data-testid='value-qwen-EU']").TextContent);
        // A real 0 % has a zero-width bar and a whisker up to its upper bound.
        Assert.Equal(0, Number(cut.Find("[data-testid='bar-qwen-US']").GetAttribute("width")));
        Assert.Equal("0/8 · 0% [0%–32%]", cut.Find("[data-testid='value-qwen-US']").TextContent);
    }

    [Fact]
    public void TheLegendNamesEveryRegionWithItsColourAndTheInterval()
    {
        var cut = Chart([Rate("qwen", "US", 1, 8, 0.02, 0.47), Rate("qwen", "EU", 1, 8, 0.02, 0.47), Rate("qwen", "APAC", 1, 8, 0.02, 0.47)]);

        var legend = cut.Find("figcaption").TextContent;
        Assert.Contains("US", legend, StringComparison.Ordinal);
        Assert.Contains("APAC", legend, StringComparison.Ordinal);
        Assert.Contains("95% Wilson interval", legend, StringComparison.Ordinal);
        // A region has the same colour slot in the bars and the legend.
        Assert.Contains("beacon-region-2", cut.Find("[data-testid='bar-qwen-APAC']").GetAttribute("class"), StringComparison.Ordinal);
        Assert.Contains(cut.FindAll("figcaption .beacon-swatch"), s => s.ClassList.Contains("beacon-region-2"));
    }

    [Fact]
    public void ByCategoryGroupsTheBarsPerCategory()
    {
        var cut = Chart([Rate("qwen", "US", 0, 3, 0, 0.56, "control"), Rate("qwen", "US", 3, 3, 0.44, 1, "bias")], byCategory: true);

        Assert.Equal(["control", "bias"], cut.FindAll("text.beacon-chart-group").Select(t => t.TextContent));
        Assert.NotNull(cut.Find("[data-testid='bar-bias-US']"));
    }
}
