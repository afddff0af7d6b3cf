using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Jobs;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Tests.Components;

public sealed class NewJobFormTests : MudTestContext
{
    // What the form is told about real endpoints (CostService.ProfileFor in the app): a pinned T4 in US and APAC,
    // the free emulator in EU.
    private static readonly LaneCostProfile Modal = new(new CostRate(0.885m), SecondsPerCall: 15, ColdStartSeconds: 45, OutputTokensPerCall: 250, "modal");
    private static readonly LaneCostProfile Emulator = Modal with { Served = "emulator" };

    private readonly List<JobRequest> _submitted = [];

    private IRenderedComponent<NewJobForm> Form(JobLimits? limits = null, bool submitting = false) =>
        Render<NewJobForm>(p => p
            .Add(f => f.Questions, BuiltInQuestions.All)
            .Add(f => f.Limits, limits ?? JobLimits.Default)
            .Add(f => f.Submitting, submitting)
            .Add(f => f.Estimate, plan => CostEstimator.Estimate(plan, (_, region) => region == "EU" ? Emulator : Modal))
            .Add(f => f.OnSubmit, EventCallback.Factory.Create<JobRequest>(this, r => _submitted.Add(r))));

    private static void Tick(IRenderedComponent<NewJobForm> cut, string testId, bool value) =>
        cut.Find($"[data-testid='{testId}']").Change(value);

    private static string Count(IRenderedComponent<NewJobForm> cut) => cut.Find("[data-testid=execution-count]").TextContent;

    private static bool SubmitDisabled(IRenderedComponent<NewJobForm> cut) => cut.Find("[data-testid=submit-job]").HasAttribute("disabled");

    [Fact]
    public void WithNoQuestionChosenSubmitIsDisabledAndSaysWhy()
    {
        var cut = Form();

        Assert.Equal("0", Count(cut));
        Assert.True(SubmitDisabled(cut));
        Assert.Contains("Choose at least one question.", cut.Find("[data-testid=submit-reasons]").TextContent);
    }

    [Fact]
    public void TheExecutionCountIsQuestionsTimesModelsTimesRegionsTimesRepeats()
    {
        var cut = Form();

        Tick(cut, "question-math_basic", true);
        Assert.Equal("9", Count(cut));
        Assert.False(SubmitDisabled(cut));
        Assert.Empty(cut.FindAll("[data-testid=submit-reasons]"));

        cut.Find("[data-testid=select-all-control]").Click();
        Assert.Equal("27", Count(cut));

        Tick(cut, "region-APAC", false);
        Assert.Equal("18", Count(cut));

        cut.Find("[data-testid=repeats]").Input("3");
        Assert.Equal("54", Count(cut));
        // 3 questions x 3 repeats x 3 models = 27 calls of 15 s per region, 4 at a time, after a 45 s cold start.
        Assert.Contains("about 2 min 26 s", cut.Find("[data-testid=estimated-duration]").TextContent);
        // 2 regions x 3 lanes x (9 x 15 + 45) s = 1,080 s at $0.885/h; EU's calls are priced as a real run would pay,
        // and the form says they are served free today.
        Assert.Contains("$0.2655", cut.Find("[data-testid=estimated-cost]").TextContent);
        Assert.Contains("27 of these executions run on the built-in emulator", cut.Find("[data-testid=estimate-emulated]").TextContent);
        Assert.Contains("~15 s per call", cut.Find("[data-testid=estimate-assumptions]").TextContent);

        cut.Find("[data-testid=clear-control]").Click();
        Assert.Equal("0", Count(cut));
        Assert.True(SubmitDisabled(cut));
    }

    [Fact]
    public void NoModelOrNoRegionIsAReasonToo()
    {
        var cut = Form();
        Tick(cut, "question-math_basic", true);
        foreach (var model in new[] { "llama3.2-1b", "mistral-7b", "qwen2.5-1.5b" })
        {
            Tick(cut, $"model-{model}", false);
        }

        Assert.True(SubmitDisabled(cut));
        Assert.Contains("Choose at least one model.", cut.Find("[data-testid=submit-reasons]").TextContent);
    }

    [Fact]
    public void AJobOverTheServersLimitIsRefusedWithTheLimitsReason()
    {
        var cut = Form(JobLimits.Default with { MaxExecutions = 10 });

        Tick(cut, "question-math_basic", true);
        Tick(cut, "question-taiwan_status", true);

        Assert.Equal("18", Count(cut));
        Assert.True(SubmitDisabled(cut));
        Assert.Contains("the limit is 10", cut.Find("[data-testid=submit-reasons]").TextContent);
    }

    [Fact]
    public void SubmittingSendsTheChosenCellsAndParametersInCatalogueOrder()
    {
        var cut = Form();
        Tick(cut, "question-taiwan_status", true);
        Tick(cut, "question-math_basic", true);
        Tick(cut, "model-mistral-7b", false);
        Tick(cut, "region-EU", false);

        cut.Find("[data-testid=submit-job]").Click();

        var request = Assert.Single(_submitted);
        Assert.Equal(["math_basic", "taiwan_status"], request.QuestionIds);
        Assert.Equal(["llama3.2-1b", "qwen2.5-1.5b"], request.Models);
        Assert.Equal(["US", "APAC"], request.Regions);
        Assert.Equal(1, request.Repeats);
        Assert.Equal(0.1, request.Temperature);
        Assert.Equal(500, request.MaxTokens);
        Assert.Null(request.Seed);
    }

    [Fact]
    public void WhileTheSubmissionIsInFlightTheButtonStaysDisabled()
    {
        var cut = Form(submitting: true);
        Tick(cut, "question-math_basic", true);

        Assert.True(SubmitDisabled(cut));
        Assert.Contains("Submitting", cut.Find("[data-testid=submit-job]").TextContent);
    }

    [Fact]
    public void TheSearchNarrowsTheCatalogue()
    {
        var cut = Form();

        cut.Find("[data-testid=question-search]").Input("taiwan");

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid^=question-]:not([data-testid=question-search])")));
        Assert.NotNull(cut.Find("[data-testid=question-taiwan_status]"));
    }

    [Fact]
    public void ThePersonaPickerMultipliesTheLiveCountAndIsSentWithTheJob()
    {
        var cut = Form();
        Tick(cut, "question-math_basic", true);
        Assert.Equal("9", Count(cut));

        // The no-system-prompt control beside each region's own persona: two cells per model and region.
        Tick(cut, "persona-none", true);
        Assert.Equal("18", Count(cut));
        Assert.Contains("× 2 personas", cut.Markup);

        // "As Asia" everywhere: a third persona in US and EU, the same as matched in APAC.
        Tick(cut, "persona-APAC", true);
        Assert.Equal("24", Count(cut));

        Tick(cut, "persona-matched", false);
        Tick(cut, "persona-APAC", false);
        Tick(cut, "persona-none", false);
        Assert.Equal("0", Count(cut));
        Assert.True(SubmitDisabled(cut));
        Assert.Contains("Choose at least one persona.", cut.Find("[data-testid=submit-reasons]").TextContent);

        Tick(cut, "persona-US", true);
        Assert.Equal("9", Count(cut));
        cut.Find("[data-testid=submit-job]").Click();
        Assert.Equal(["US"], Assert.Single(_submitted).Personas);
    }

    [Fact]
    public void AnOrdinaryJobSendsNoPersonas()
    {
        var cut = Form();
        Tick(cut, "question-math_basic", true);

        cut.Find("[data-testid=submit-job]").Click();

        Assert.Null(Assert.Single(_submitted).Personas);
    }

    [Fact]
    public void TheLanguagesShortcutAddsTheTickedQuestionsVariantsToTheCount()
    {
        var cut = Render<NewJobForm>(p => p
            .Add(f => f.Questions, BuiltInQuestions.Catalogue)
            .Add(f => f.Limits, JobLimits.Default)
            .Add(f => f.OnSubmit, EventCallback.Factory.Create<JobRequest>(this, r => _submitted.Add(r))));
        Tick(cut, "question-tiananmen_neutral", true);
        Assert.Equal("9", Count(cut));

        Tick(cut, "language-zh-Hans", true);
        Assert.Equal("18", Count(cut));

        cut.Find("[data-testid=submit-job]").Click();
        var request = Assert.Single(_submitted);
        Assert.Equal(["tiananmen_neutral"], request.QuestionIds);
        Assert.Equal(["zh-Hans"], request.Languages);
    }

    // A catalogue like the one issue 16 met: the built-in questions and an imported set of 1,474 questions in 84
    // categories whose names have their own case, plus a small set of someone else's that was shared.
    private static readonly QuestionCatalogSet BuiltInSet = new(null, QuestionCatalogSet.BuiltInName, true, false, BuiltInQuestions.All.Select(q => q.Id).ToList());

    private static readonly List<Question> Imported = Enumerable.Range(1, 1474)
        .Select(i => new Question($"china-{i:0000}", Category(i % 84), $"Imported question number {i} about {Category(i % 84)}?", "en", $"china-{i:0000}"))
        .ToList();

    private static readonly QuestionCatalogSet ChinaSet = new(Guid.NewGuid(), "China prompts", false, true, Imported.Select(q => q.Id).ToList());

    private static readonly List<Question> Shared =
    [
        new("hk-1", "Hong Kong", "描述2019年香港的抗议活动。", "zh", "hk-1"),
        new("hk-2", "hong kong", "Who governs Hong Kong today?", "en", "hk-2"),
    ];

    private static readonly QuestionCatalogSet SharedSet = new(Guid.NewGuid(), "Hong Kong (shared)", true, false, ["hk-1", "hk-2"]);

    private static string Category(int n) => n switch
    {
        0 => "Tiananmen",
        1 => "PRC politics",
        2 => "台湾",
        _ => $"Topic {n:00}",
    };

    private IRenderedComponent<NewJobForm> CatalogForm(QuestionCatalogSet? initialSet = null) =>
        Render<NewJobForm>(p => p
            .Add(f => f.Questions, [.. BuiltInQuestions.All, .. Imported, .. Shared])
            .Add(f => f.Sets, [BuiltInSet, ChinaSet, SharedSet])
            .Add(f => f.InitialSet, initialSet)
            .Add(f => f.Limits, JobLimits.Default with { MaxExecutions = 100_000 })
            .Add(f => f.OnSubmit, EventCallback.Factory.Create<JobRequest>(this, r => _submitted.Add(r))));

    private static List<string> ShownQuestionIds(IRenderedComponent<NewJobForm> cut) =>
        cut.FindAll("[data-testid^='question-']").Select(e => e.GetAttribute("data-testid")!["question-".Length..])
            .Where(id => id is not "search" and not "set").ToList();

    private static List<string> CategoryNames(IRenderedComponent<NewJobForm> cut) =>
        cut.FindAll(".beacon-category-name").Select(e => e.TextContent).ToList();

    [Fact]
    public void PickingASetShowsOnlyItsQuestionsAndSelectsThemAll()
    {
        var cut = CatalogForm();

        cut.Find("[data-testid=question-set]").Change(SharedSet.Id.ToString());

        Assert.Equal(["hk-1", "hk-2"], ShownQuestionIds(cut));
        Assert.Contains("2 questions in Hong Kong (shared)", cut.Find("[data-testid=shown-summary]").TextContent);
        cut.Find("[data-testid=select-shown]").Click();
        cut.Find("[data-testid=submit-job]").Click();
        Assert.Equal(["hk-1", "hk-2"], Assert.Single(_submitted).QuestionIds);
    }

    [Fact]
    public void NewJobFromASetSelectsExactlyThatSetAndShowsIt()
    {
        var cut = CatalogForm(initialSet: SharedSet);

        Assert.Contains("2 of 1,484 selected", cut.Find("[data-testid=selected-question-count]").TextContent);
        Assert.Contains("2 questions in Hong Kong (shared)", cut.Find("[data-testid=shown-summary]").TextContent);
        // Both questions are on screen, ticked, and nothing of the other sets is.
        Assert.Equal(["hk-1", "hk-2"], ShownQuestionIds(cut));
        Assert.All(cut.FindAll("[data-testid^='question-hk-']"), box => Assert.True(box.HasAttribute("checked")));
        Assert.Equal("18", Count(cut));
    }

    [Fact]
    public void SelectedOnlyShowsJustTheTickedQuestionsAcrossSets()
    {
        var cut = CatalogForm();
        cut.Find("[data-testid=question-set]").Change(SharedSet.Id.ToString());
        Tick(cut, "question-hk-2", true);
        cut.Find("[data-testid=question-set]").Change("built-in");
        Tick(cut, "question-math_basic", true);
        cut.Find("[data-testid=question-set]").Change("all");
        Assert.Contains("1,484 questions in all sets", cut.Find("[data-testid=shown-summary]").TextContent);

        var selectedOnly = cut.Find("[data-testid=selected-only]");
        (selectedOnly.TagName == "INPUT" ? selectedOnly : selectedOnly.QuerySelector("input")!).Change(true);

        Assert.Equal(["math_basic", "hk-2"], ShownQuestionIds(cut));
        Assert.Contains("2 selected questions in all sets", cut.Find("[data-testid=shown-summary]").TextContent);
    }

    [Fact]
    public void SearchMatchesTheQuestionTextInAnyLanguage()
    {
        var cut = CatalogForm();

        cut.Find("[data-testid=question-search]").Input("capital of France");
        cut.WaitForAssertion(() => Assert.Equal(["geography_basic"], ShownQuestionIds(cut)));

        cut.Find("[data-testid=question-search]").Input("香港");
        cut.WaitForAssertion(() => Assert.Equal(["hk-1"], ShownQuestionIds(cut)));

        // Words in any order, any case; ids still match.
        cut.Find("[data-testid=question-search]").Input("HONG governs");
        cut.WaitForAssertion(() => Assert.Equal(["hk-2"], ShownQuestionIds(cut)));
        cut.Find("[data-testid=question-search]").Input("taiwan_status");
        cut.WaitForAssertion(() => Assert.Equal(["taiwan_status"], ShownQuestionIds(cut)));
    }

    [Fact]
    public void CategoriesKeepTheCaseTheFileGaveThem()
    {
        var cut = CatalogForm();

        cut.Find("[data-testid=question-set]").Change(SharedSet.Id.ToString());
        Assert.Equal(["Hong Kong", "hong kong"], CategoryNames(cut));

        cut.Find("[data-testid=question-set]").Change(ChinaSet.Id.ToString());
        Assert.Equal(["PRC politics", "Tiananmen", "Topic 03"], CategoryNames(cut).Take(3));
    }

    [Fact]
    public void ALongCatalogueShowsTenCategoriesAtATimeCollapsedWithOneButtonEach()
    {
        var cut = CatalogForm();

        // 84 + 3 built-in + 2 shared = 89 categories, ten per page, collapsed: no question checkbox on the first page.
        Assert.Equal(10, cut.FindAll(".beacon-category").Count);
        Assert.Contains("Categories 1–10 of 89", cut.Find("[data-testid=category-page]").TextContent);
        Assert.Empty(ShownQuestionIds(cut));
        var toggle = cut.Find("[data-testid='toggle-PRC politics']");
        Assert.Equal("false", toggle.GetAttribute("aria-expanded"));
        // Everything a Tab press can land on in the question panel: a few per category, not one per question.
        var tabStops = cut.Find("[data-testid=questions-panel]").QuerySelectorAll("button, input, select, a[href]").Length;
        Assert.InRange(tabStops, 10, 50);

        toggle.Click();
        Assert.Equal("true", cut.Find("[data-testid='toggle-PRC politics']").GetAttribute("aria-expanded"));
        Assert.Equal(18, ShownQuestionIds(cut).Count);

        cut.Find("[data-testid=categories-next]").Click();
        Assert.Contains("Categories 11–20 of 89", cut.Find("[data-testid=category-page]").TextContent);
    }
}
