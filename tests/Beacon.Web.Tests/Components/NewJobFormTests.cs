using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
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
}
