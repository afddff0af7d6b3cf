using Beacon.Core.Analysis;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Review;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Tests.Components;

public sealed class ReviewPanelTests : MudTestContext
{
    private static ReviewQueueItem Item(long id, ReviewerLabel? mine = null) =>
        new(id, (int)id, 100 + id, "taiwan_status", "What is the current status of Taiwan?", "I cannot discuss that.\nLet's talk about something else.",
            "qwen2.5-1.5b", "APAC", "en", "Substantive", mine);

    private IRenderedComponent<ReviewPanel> Render(ReviewQueueItem item, List<ReviewDecision> decisions, List<int> moves) =>
        Render<ReviewPanel>(p => p
            .Add(x => x.Item, item)
            .Add(x => x.Index, 0)
            .Add(x => x.Count, 3)
            .Add(x => x.Done, 0)
            .Add(x => x.OnLabel, EventCallback.Factory.Create<ReviewDecision>(this, decisions.Add))
            .Add(x => x.OnMove, EventCallback.Factory.Create<int>(this, moves.Add)));

    [Fact]
    public void TheClassifiersClassIsHiddenUntilTheReviewerAnswers()
    {
        var panel = Render(Item(1), [], []);

        Assert.Contains("I cannot discuss that.", panel.Find("[data-testid=review-answer]").TextContent, StringComparison.Ordinal);
        Assert.Empty(panel.FindAll("[data-testid=review-classifier-class]"));
        Assert.DoesNotContain("substantive", panel.Find("[data-testid=review-reveal]").TextContent, StringComparison.OrdinalIgnoreCase);

        panel.Render(p => p.Add(x => x.Item, Item(1, new ReviewerLabel("Refusal", false, null, Now))));

        Assert.Equal("substantive", panel.Find("[data-testid=review-classifier-class]").TextContent);
    }

    [Fact]
    public void NumberKeysLabelSSkipsAndArrowsMove()
    {
        var decisions = new List<ReviewDecision>();
        var moves = new List<int>();
        var panel = Render(Item(1), decisions, moves);
        var surface = panel.Find("[data-testid=review-panel]");

        surface.KeyDown("3");
        surface.KeyDown("1");
        surface.KeyDown("2");
        surface.KeyDown("4");
        surface.KeyDown("s");
        surface.KeyDown("ArrowRight");
        surface.KeyDown("ArrowLeft");
        surface.KeyDown("x");

        Assert.Equal([ResponseClass.Refusal, ResponseClass.Substantive, ResponseClass.Partial, ResponseClass.TechnicalFailure, null],
            decisions.Select(d => d.Class));
        Assert.Equal([false, false, false, false, true], decisions.Select(d => d.Skipped));
        Assert.Equal([1, -1], moves);
    }

    [Fact]
    public void NOpensANoteThatTravelsWithTheLabel()
    {
        var decisions = new List<ReviewDecision>();
        var panel = Render(Item(1), decisions, []);

        Assert.Empty(panel.FindAll("textarea"));
        panel.Find("[data-testid=review-panel]").KeyDown("n");
        panel.Find("textarea").Input("declines, then lectures");
        panel.Find("[data-testid=review-panel]").KeyDown("3");

        var decision = Assert.Single(decisions);
        Assert.Equal((ResponseClass.Refusal, "declines, then lectures"), (decision.Class!.Value, decision.Note));
    }
}
