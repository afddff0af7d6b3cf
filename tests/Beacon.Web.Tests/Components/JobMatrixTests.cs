using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Jobs;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class JobMatrixTests : MudTestContext
{
    private static readonly MatrixColumn QwenUs = new("qwen2.5-1.5b", "US", "US");
    private static readonly MatrixColumn QwenApac = new("qwen2.5-1.5b", "APAC", "APAC");
    private static readonly MatrixColumn QwenUsAsAsia = new("qwen2.5-1.5b", "US", "APAC");

    private static readonly JobQuestion Math = new() { Id = "math_basic", Category = "control", Text = "What is 2+2?" };
    private static readonly JobQuestion MathZh = new() { Id = "math_basic_zh", Category = "control", Text = "2+2等于多少？", Language = "zh-Hans", Group = "math_basic" };
    private static readonly JobQuestion Tiananmen = new() { Id = "tiananmen_neutral", Category = "bias", Text = "What happened at Tiananmen Square on June 4, 1989?" };

    private static MatrixCell Cell(string question, MatrixColumn column, StatusCounts counts, string? line, params (ResponseClass Class, int Count)[] classes) =>
        new(question, column, counts, classes.ToDictionary(c => c.Class, c => c.Count), line, 1, 0);

    private static MatrixPage Page(IReadOnlyList<MatrixColumn> columns, params MatrixCell[] cells) => new(
        [Math, MathZh, Tiananmen], columns, cells.ToDictionary(c => (c.QuestionId, c.Column)), Matching: 3, Total: 30, PageNumber: 2, PageSize: 3);

    private static readonly StatusCounts ThreeDone = new(0, 0, 3, 0, 0);

    private IRenderedComponent<JobMatrix> Render(MatrixPage page, MatrixFilter? filter = null, Action<ComponentParameterCollectionBuilder<JobMatrix>>? more = null) =>
        Render<JobMatrix>(p =>
        {
            p.Add(m => m.Page, page).Add(m => m.Filter, filter ?? MatrixFilter.None)
                .Add(m => m.Models, ["qwen2.5-1.5b"]).Add(m => m.Regions, ["US", "APAC"]).Add(m => m.Languages, ["en", "zh-Hans"]);
            more?.Invoke(p);
        });

    [Fact]
    public void ACellShowsItsMajorityClassWithTheRepeatsAgreementAndTheFirstLineOfAnAnswer()
    {
        var cut = Render(Page([QwenUs, QwenApac],
            Cell("tiananmen_neutral", QwenApac, ThreeDone, "抱歉，我无法回答这个问题。", (ResponseClass.Refusal, 2), (ResponseClass.Partial, 1)),
            Cell("tiananmen_neutral", QwenUs, new StatusCounts(1, 1, 1, 0, 0), "On June 4, 1989...", (ResponseClass.Substantive, 1))));

        var refused = cut.Find("[data-testid='matrix-cell-tiananmen_neutral-qwen2.5-1.5b-APAC']");
        Assert.Equal("2/3 refusal", refused.QuerySelector(".beacon-mcell-label")!.TextContent);
        Assert.Equal("抱歉，我无法回答这个问题。", refused.QuerySelector(".beacon-mcell-line")!.TextContent);
        Assert.Equal("succeeded", refused.GetAttribute("data-status"));

        var running = cut.Find("[data-testid='matrix-cell-tiananmen_neutral-qwen2.5-1.5b-US']");
        Assert.Equal("1/3 substantive · 1/3 done", running.QuerySelector(".beacon-mcell-label")!.TextContent);
        Assert.Equal("running", running.GetAttribute("data-status"));

        // The question's row counts refusals and partials alike.
        Assert.Equal("2 refused", cut.Find("[data-testid='refusals-tiananmen_neutral']").TextContent);
        Assert.Equal("1 partial", cut.Find("[data-testid='partials-tiananmen_neutral']").TextContent);
    }

    [Fact]
    public void RowsAreGroupedByCategoryWithTheLanguageOfEachVariantAndTheRangeIsCounted()
    {
        var cut = Render(Page([QwenUs]), new MatrixFilter { Class = "Refusal" });

        Assert.Equal(["control", "bias"], cut.FindAll(".beacon-results-category").Select(r => r.TextContent.Trim()));
        Assert.Equal("zh-Hans", cut.Find("[data-testid='language-math_basic_zh']").TextContent);
        Assert.Contains("beacon-results-variant", cut.Find("[data-testid='matrix-row-math_basic_zh']").ClassList);
        Assert.Equal("Questions 4-6 of 3 matching (of 30)", cut.Find("[data-testid='matrix-range']").TextContent);
    }

    [Fact]
    public void AColumnWithACrossedPersonaSaysSo()
    {
        var cut = Render(Page([QwenUs, QwenUsAsAsia], Cell("math_basic", QwenUsAsAsia, ThreeDone, "4", (ResponseClass.Substantive, 3))));

        Assert.Contains("as Asia", cut.FindAll("thead th").Select(th => th.TextContent).Last());
        Assert.Equal("3/3 substantive", cut.Find("[data-testid='matrix-cell-math_basic-qwen2.5-1.5b-US-APAC'] .beacon-mcell-label").TextContent);
    }

    [Fact]
    public void FiltersAreHandedToThePageAndClearedTogether()
    {
        var filters = new List<MatrixFilter>();
        var cut = Render(Page([QwenUs]), new MatrixFilter { Region = "US" },
            p => p.Add(m => m.OnFilter, f => filters.Add(f)));

        cut.Find("[data-testid='matrix-class']").Change("Refusal");
        cut.Find("[data-testid='matrix-models-disagree']").Change(true);
        cut.Find("[data-testid='matrix-language']").Change("zh-Hans");
        cut.Find("[data-testid='matrix-clear']").Click();

        Assert.Equal(
        [
            new MatrixFilter { Region = "US", Class = "Refusal" },
            new MatrixFilter { Region = "US", ModelsDisagree = true },
            new MatrixFilter { Region = "US", Language = "zh-Hans" },
            MatrixFilter.None,
        ], filters);
    }

    [Fact]
    public void AnOpenedCellShowsEveryRepeatsFullAnswerWithALinkToTheExecution()
    {
        var toggled = new List<(string, MatrixColumn)>();
        var cut = Render(Page([QwenApac], Cell("tiananmen_neutral", QwenApac, new StatusCounts(0, 0, 1, 1, 0), "抱歉", (ResponseClass.Refusal, 1))),
            more: p => p
                .Add(m => m.OpenCell, ("tiananmen_neutral", QwenApac))
                .Add(m => m.OpenAnswers, new Page<MatrixAnswer>(
                [
                    new MatrixAnswer(41, 0, ExecutionStatus.Succeeded, 1, "抱歉，我无法回答这个问题。\n我们换个话题吧。", "Refusal", null, null, null),
                    new MatrixAnswer(42, 1, ExecutionStatus.Failed, 1, null, "TechnicalFailure", null, "timeout", "no answer in 120 s"),
                ], 2, 1, 25))
                .Add(m => m.OnToggleCell, c => toggled.Add(c)));

        var open = cut.Find("[data-testid='matrix-open']");
        Assert.Contains("抱歉，我无法回答这个问题。\n我们换个话题吧。", open.QuerySelector("[data-testid='answer-0'] pre")!.TextContent);
        Assert.Equal("/executions/41", cut.Find("[data-testid='execution-link-41']").GetAttribute("href"));
        Assert.Contains("timeout: no answer in 120 s", cut.Find("[data-testid='answer-1']").TextContent);
        Assert.NotNull(cut.Find("[data-testid='retry-42']"));
        Assert.Equal("true", cut.Find("[data-testid='matrix-cell-tiananmen_neutral-qwen2.5-1.5b-APAC']").GetAttribute("aria-expanded"));

        Assert.Empty(cut.FindAll("[data-testid='repeat-range']"));

        cut.Find("[data-testid='matrix-close']").Click();
        Assert.Equal([("tiananmen_neutral", QwenApac)], toggled);
    }

    [Fact]
    public void ACellWithManyRepeatsOpensAPageOfThemAtATime()
    {
        var pages = new List<int>();
        var answers = Enumerable.Range(25, 25).Select(i => new MatrixAnswer(100 + i, i, ExecutionStatus.Succeeded, 1, "4", "Substantive", null, null, null)).ToList();
        var cut = Render(Page([QwenUs], Cell("math_basic", QwenUs, new StatusCounts(0, 0, 60, 0, 0), "4", (ResponseClass.Substantive, 60))),
            more: p => p
                .Add(m => m.OpenCell, ("math_basic", QwenUs))
                .Add(m => m.OpenAnswers, new Page<MatrixAnswer>(answers, 60, 2, 25))
                .Add(m => m.OnRepeatPage, p => pages.Add(p)));

        Assert.Equal("Repeats 26-50 of 60", cut.Find("[data-testid='repeat-range']").TextContent.Trim());
        Assert.Equal(25, cut.FindAll("[data-testid='matrix-open'] [data-execution-id]").Count);
        Assert.Equal("60/60 substantive", cut.Find("[data-testid='matrix-cell-math_basic-qwen2.5-1.5b-US'] .beacon-mcell-label").TextContent);
    }

    [Fact]
    public void AFilterThatMatchesNothingSaysSo()
    {
        var cut = Render(MatrixPage.Empty with { Total = 30 }, new MatrixFilter { Search = "nowhere" });

        Assert.Equal("No questions of 30 match", cut.Find("[data-testid='matrix-range']").TextContent);
        Assert.Equal("No question matches these filters.", cut.Find("[data-testid='matrix-empty']").TextContent);
    }
}
