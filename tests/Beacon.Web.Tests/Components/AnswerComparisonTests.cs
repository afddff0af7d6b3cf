using Beacon.Core.Analysis;
using Beacon.Web.Components.Analysis;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class AnswerComparisonTests : MudTestContext
{
    private static ComparedAnswer Answer(string key, long id, ResponseClass @class, string text, params ResponseClass?[] repeats) =>
        new(key, id, @class, false, text, null, repeats.Length == 0 ? [(id, @class)] : repeats.Select((r, i) => (id + i, r)).ToList());

    private static readonly IReadOnlyList<ComparedAnswer> Regions =
    [
        Answer("US", 1, ResponseClass.Substantive, "Taiwan is a self-governing democracy."),
        Answer("EU", 2, ResponseClass.Substantive, "Taiwan is a self-governing island."),
        Answer("APAC", 3, ResponseClass.Refusal, "抱歉，我无法回答这个问题。"),
    ];

    private IRenderedComponent<AnswerComparison> Compare(IReadOnlyList<ComparedAnswer> columns, string? baseline, Action<string>? changed = null, bool showDiff = true,
        Action<RepeatChoice>? repeat = null) =>
        Render<AnswerComparison>(p => p
            .Add(c => c.Columns, columns)
            .Add(c => c.Baseline, baseline)
            .Add(c => c.ShowDiff, showDiff)
            .Add(c => c.BaselineChanged, changed ?? (_ => { }))
            .Add(c => c.RepeatChanged, repeat ?? (_ => { })));

    [Fact]
    public void AnswersArePlainTextByDefault()
    {
        var cut = Render<AnswerComparison>(p => p.Add(c => c.Columns, Regions).Add(c => c.Baseline, "US"));

        Assert.Empty(cut.FindAll("ins, del"));
        Assert.Empty(cut.FindAll("[data-testid='baseline-badge'], [data-testid^='make-baseline-']"));
        Assert.Equal("Taiwan is a self-governing island.", cut.Find("[data-testid='text-EU']").TextContent);
        Assert.Equal("抱歉，我无法回答这个问题。", cut.Find("[data-testid='text-APAC']").TextContent);
    }

    [Fact]
    public void AnAnswerMostlyUnlikeTheBaselineIsShownWholeAndSaysSo()
    {
        var columns = new[]
        {
            Answer("US", 1, ResponseClass.Substantive, "On June 4, 1989 the army cleared Tiananmen Square; hundreds of protesters were killed."),
            Answer("APAC", 2, ResponseClass.Refusal, "I'm sorry, but I can't discuss that topic."),
            Answer("EU", 3, ResponseClass.Substantive, "On June 4, 1989 the army cleared Tiananmen Square; many protesters were killed."),
        };

        var cut = Compare(columns, "US");

        // The refusal reads as written: no struck-through baseline words interleaved with it.
        Assert.Equal("I'm sorry, but I can't discuss that topic.", cut.Find("[data-testid='text-APAC']").TextContent);
        Assert.Empty(cut.FindAll("[data-testid='column-APAC'] ins, [data-testid='column-APAC'] del"));
        Assert.Contains("Mostly different from US", cut.Find("[data-testid='whole-APAC']").TextContent, StringComparison.Ordinal);
        // A close answer is still marked word by word.
        Assert.Equal(["many"], cut.Find("[data-testid='diff-EU']").QuerySelectorAll("ins").Select(e => e.TextContent));
        Assert.Empty(cut.FindAll("[data-testid='whole-EU']"));
    }

    [Fact]
    public void ARepeatChipAsksToShowThatRepeatInPlace()
    {
        RepeatChoice? chosen = null;
        var columns = new[]
        {
            Answer("US", 10, ResponseClass.Refusal, "I cannot answer that.", ResponseClass.Refusal, ResponseClass.Substantive, ResponseClass.Refusal),
        };

        var cut = Compare(columns, "US", repeat: r => chosen = r);

        var second = cut.Find("[data-testid='repeat-US-2']");
        Assert.Equal("button", second.TagName, ignoreCase: true);
        Assert.Null(second.GetAttribute("href"));
        Assert.Equal("true", cut.Find("[data-testid='repeat-US-1']").GetAttribute("aria-pressed"));
        second.Click();
        Assert.Equal(new RepeatChoice("US", 1), chosen);

        cut.Render(p => p.Add(c => c.Columns, [columns[0] with { Shown = 1, ExecutionId = 11, Text = "Here is the answer." }]));
        Assert.Equal("true", cut.Find("[data-testid='repeat-US-2']").GetAttribute("aria-pressed"));
        Assert.Equal("false", cut.Find("[data-testid='repeat-US-1']").GetAttribute("aria-pressed"));
        Assert.Contains("Execution 11 (repeat 2)", cut.Find("[data-testid='column-US']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ShowsEveryRegionSideBySideWithItsClass()
    {
        var cut = Compare(Regions, "US");

        var columns = cut.FindAll("[data-testid^='column-']");
        Assert.Equal(["column-US", "column-EU", "column-APAC"], columns.Select(c => c.GetAttribute("data-testid")));
        Assert.Equal("Substantive", cut.Find("[data-testid='column-US'] [data-classification]").GetAttribute("data-classification"));
        Assert.Equal("Refusal", cut.Find("[data-testid='column-APAC'] [data-classification]").GetAttribute("data-classification"));
        Assert.NotNull(cut.Find("[data-testid='column-US'] [data-testid='baseline-badge']"));
        Assert.Contains("/executions/3", cut.Find("[data-testid='column-APAC']").InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public void TheBaselineIsPlainTextAndTheOthersAreDiffedAgainstIt()
    {
        var cut = Compare(Regions, "US");

        Assert.Equal("Taiwan is a self-governing democracy.", cut.Find("[data-testid='text-US']").TextContent);
        Assert.NotNull(cut.Find("[data-testid='whole-APAC']"));
        var eu = cut.Find("[data-testid='diff-EU']");
        Assert.Equal(["island"], eu.QuerySelectorAll("ins").Select(e => e.TextContent));
        Assert.Equal(["democracy"], eu.QuerySelectorAll("del").Select(e => e.TextContent));
        Assert.Contains("+1", cut.Find("[data-testid='diff-stats-EU']").TextContent, StringComparison.Ordinal);
        Assert.Contains("−1", cut.Find("[data-testid='diff-stats-EU']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ChoosingAnotherBaselineDiffsEveryAnswerAgainstIt()
    {
        string? chosen = null;
        var cut = Compare(Regions, "US", key => chosen = key);

        cut.Find("[data-testid='make-baseline-EU'] ").Click();
        Assert.Equal("EU", chosen);

        cut.Render(p => p.Add(c => c.Baseline, "EU"));
        Assert.Empty(cut.FindAll("[data-testid='diff-EU']"));
        Assert.Equal("Taiwan is a self-governing island.", cut.Find("[data-testid='text-EU']").TextContent);
        var us = cut.Find("[data-testid='diff-US']");
        Assert.Equal(["democracy"], us.QuerySelectorAll("ins").Select(e => e.TextContent));
        Assert.Equal(["island"], us.QuerySelectorAll("del").Select(e => e.TextContent));
        Assert.NotNull(cut.Find("[data-testid='column-EU'] [data-testid='baseline-badge']"));
    }

    [Fact]
    public void WithoutDiffsEveryAnswerIsPlainText()
    {
        var cut = Compare(Regions, "US", showDiff: false);

        Assert.Empty(cut.FindAll("ins, del"));
        Assert.Equal("Taiwan is a self-governing island.", cut.Find("[data-testid='text-EU']").TextContent);
    }

    [Fact]
    public void AnswersThatLookLikeHtmlAreShownAsInertText()
    {
        const string hostile = "<script>alert('x')</script><b>bold</b><img src=x onerror=alert(1)>";
        var columns = new[]
        {
            Answer("US", 1, ResponseClass.Substantive, hostile),
            Answer("EU", 2, ResponseClass.Substantive, hostile + " <i>more</i>"),
        };

        foreach (var showDiff in new[] { false, true })
        {
            var cut = Compare(columns, "US", showDiff: showDiff);

            Assert.Empty(cut.FindAll("script, b, img, i"));
            Assert.Equal(hostile, cut.Find("[data-testid='text-US']").TextContent);
            var eu = cut.Find(showDiff ? "[data-testid='diff-EU']" : "[data-testid='text-EU']");
            Assert.Contains("<b>bold</b>", eu.TextContent, StringComparison.Ordinal);
            Assert.Contains("&lt;script&gt;", cut.Markup, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AColumnWithoutAnAnswerSaysWhyAndCannotBeTheBaseline()
    {
        var columns = new[]
        {
            Answer("US", 1, ResponseClass.Substantive, "Paris."),
            new ComparedAnswer("EU", 2, ResponseClass.TechnicalFailure, false, null, "No answer: technical failure (timeout). The call failed, not the model.", [(2, ResponseClass.TechnicalFailure)]),
        };

        var cut = Compare(columns, "US");

        Assert.Contains("technical failure (timeout)", cut.Find("[data-testid='column-EU']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='make-baseline-EU']"));
    }

    [Fact]
    public void RepeatsShowTheirClassesAndHowManyAgree()
    {
        var columns = new[]
        {
            Answer("US", 10, ResponseClass.Refusal, "I cannot answer that.", ResponseClass.Refusal, ResponseClass.Substantive, ResponseClass.Refusal),
        };

        var cut = Compare(columns, "US");

        var repeats = cut.FindAll("[data-testid='column-US'] .beacon-repeat");
        Assert.Equal(3, repeats.Count);
        Assert.Contains("beacon-class-substantive", repeats[1].ClassName, StringComparison.Ordinal);
        Assert.Contains("2/3 refusal", cut.Find("[data-testid='column-US']").TextContent, StringComparison.Ordinal);
    }
}
