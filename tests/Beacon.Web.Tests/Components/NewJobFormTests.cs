using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Web.Components.Shared;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Tests.Components;

public sealed class NewJobFormTests : MudTestContext
{
    private readonly List<JobRequest> _submitted = [];

    private IRenderedComponent<NewJobForm> Form(JobLimits? limits = null, bool submitting = false) =>
        Render<NewJobForm>(p => p
            .Add(f => f.Questions, BuiltInQuestions.All)
            .Add(f => f.Limits, limits ?? JobLimits.Default)
            .Add(f => f.Submitting, submitting)
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
        Assert.NotEmpty(cut.Find("[data-testid=estimated-duration]").TextContent);
        Assert.Contains("(estimate)", cut.Find("[data-testid=estimated-cost]").TextContent);

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
}
