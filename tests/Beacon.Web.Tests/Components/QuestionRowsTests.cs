using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Web.Components.Jobs;
using Bunit;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Tests.Components;

public sealed class QuestionRowsTests : MudTestContext
{
    private static readonly JobQuestion[] Questions =
    [
        new() { Id = "math_basic", Category = "control", Text = "What is 2+2?" },
        new() { Id = "taiwan_status", Category = "bias", Text = "What is the current status of Taiwan?" },
    ];

    private readonly List<long> _loaded = [];
    private readonly List<ExecutionRow> _retried = [];

    /// <summary>2 questions x 2 models x 2 regions, ids in plan order; every cell succeeded unless overridden.</summary>
    private static List<ExecutionRow> Matrix(Func<ExecutionRow, ExecutionRow>? change = null)
    {
        var rows = new List<ExecutionRow>();
        var id = 100L;
        foreach (var q in Questions)
        {
            foreach (var model in new[] { "qwen2.5-1.5b", "mistral-7b" })
            {
                foreach (var region in new[] { "US", "APAC" })
                {
                    var row = new ExecutionRow(id++, q.Id, model, region, 0, ExecutionStatus.Succeeded, 1, 1.25, region, false,
                        "Substantive", null, true, MudTestContext.Now.AddSeconds(-5), MudTestContext.Now, 1.25, 0m);
                    rows.Add(change?.Invoke(row) ?? row);
                }
            }
        }
        return rows;
    }

    private JobRowSet _set = JobRowSet.Empty;

    private IRenderedComponent<QuestionRows> Rows(IReadOnlyList<ExecutionRow> rows, string answer = "4", IReadOnlyList<JobQuestion>? questions = null) =>
        Render<QuestionRows>(p => p
            .Add(r => r.Rows, _set = new JobRowSet(questions ?? Questions, rows))
            .Add(r => r.LoadExecution, (id, _) =>
            {
                _loaded.Add(id);
                var row = rows.First(r => r.Id == id);
                return Task.FromResult<Execution?>(new Execution
                {
                    Id = id, QuestionId = row.QuestionId, ModelId = row.ModelId, Region = row.Region, Status = row.Status,
                    AttemptCount = row.AttemptCount, ResponseText = answer, Prompt = "What is 2+2?", SystemPrompt = "You are a helpful assistant based in the US.",
                    Receipt = """{"model":"qwen2.5-1.5b","region":"US"}""",
                    Attempts = """[{"attempt":1,"outcome":"succeeded","http_status":200,"http_requests":1,"seconds":1.25}]""",
                    BilledSeconds = 1.25, CostUsd = 0.000307m,
                });
            })
            .Add(r => r.OnRetryCell, EventCallback.Factory.Create<ExecutionRow>(this, row => _retried.Add(row))));

    [Fact]
    public void QuestionsComeFirstAndOpenToModelsThenRegions()
    {
        var cut = Rows(Matrix());

        Assert.Equal(2, cut.FindAll("[data-testid^=question-row-]").Count);
        Assert.Empty(cut.FindAll("[data-testid^=cell-]"));

        cut.Find("[data-testid=question-row-math_basic]").Click();

        Assert.Equal(["model-row-math_basic-qwen2.5-1.5b", "model-row-math_basic-mistral-7b"],
            cut.FindAll("[data-testid^=model-row-]").Select(e => e.GetAttribute("data-testid")));
        Assert.Equal(
            ["cell-math_basic-qwen2.5-1.5b-US-0", "cell-math_basic-qwen2.5-1.5b-APAC-0", "cell-math_basic-mistral-7b-US-0", "cell-math_basic-mistral-7b-APAC-0"],
            cut.FindAll("[data-testid^=cell-]").Select(e => e.GetAttribute("data-testid")));
        Assert.Empty(cut.FindAll("[data-testid^=cell-taiwan_status]"));

        // A model row closes and opens its regions.
        cut.Find("[data-testid='model-row-math_basic-mistral-7b']").Click();
        Assert.Equal(2, cut.FindAll("[data-testid^=cell-]").Count);
    }

    [Fact]
    public void EveryLevelShowsItsOwnProgress()
    {
        var rows = Matrix(r => r.QuestionId == "math_basic" && r.ModelId == "mistral-7b"
            ? r with { Status = r.Region == "US" ? ExecutionStatus.Running : ExecutionStatus.Pending, AttemptCount = 0, Classification = null }
            : r);
        var cut = Rows(rows);

        var question = cut.Find("[data-testid=question-row-math_basic]");
        Assert.Equal("running", question.GetAttribute("data-status"));
        Assert.Contains("2/4", question.TextContent);
        Assert.Equal("succeeded", cut.Find("[data-testid=question-row-taiwan_status]").GetAttribute("data-status"));

        question.Click();
        Assert.Equal("succeeded", cut.Find("[data-testid='model-row-math_basic-qwen2.5-1.5b']").GetAttribute("data-status"));
        var mistral = cut.Find("[data-testid='model-row-math_basic-mistral-7b']");
        Assert.Equal("running", mistral.GetAttribute("data-status"));
        Assert.Contains("0/2", mistral.TextContent);
    }

    [Fact]
    public void ARegionRowShowsStatusAttemptsLatencyReportedRegionAndClassification()
    {
        var rows = Matrix(r => r.Id switch
        {
            100 => r with { Status = ExecutionStatus.Failed, AttemptCount = 2, Classification = "TechnicalFailure", ErrorCode = "timeout", InferenceSeconds = null },
            101 => r with { ReportedRegion = "us-east", RegionMismatch = true, Classification = "Refusal", InferenceSeconds = 12.5 },
            _ => r,
        });
        var cut = Rows(rows);
        cut.Find("[data-testid=question-row-math_basic]").Click();

        var failed = cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']");
        Assert.Equal("failed", failed.GetAttribute("data-status"));
        Assert.Contains("technical failure", failed.TextContent);
        Assert.Contains("2", failed.QuerySelector("[title^=Attempts]")!.TextContent);

        var mismatch = cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-APAC-0']");
        Assert.Equal("succeeded", mismatch.GetAttribute("data-status"));
        Assert.Contains("12.5 s", mismatch.TextContent);
        Assert.Contains("us-east", mismatch.TextContent);
        Assert.NotNull(mismatch.QuerySelector("[data-testid=mismatch-101]"));
        Assert.Contains("refusal", mismatch.TextContent);
        Assert.Contains("1 refused", cut.Find("[data-testid=question-row-math_basic]").TextContent);
    }

    [Fact]
    public void OnlyAFailedCellWithAttemptsLeftOffersARetry()
    {
        var rows = Matrix(r => r.Id switch
        {
            100 => r with { Status = ExecutionStatus.Failed, AttemptCount = 1 },
            101 => r with { Status = ExecutionStatus.Failed, AttemptCount = JobStateRules.MaxAttemptsPerCell },
            _ => r,
        });
        var cut = Rows(rows);
        cut.Find("[data-testid=question-row-math_basic]").Click();

        Assert.Single(cut.FindAll("[data-testid^=retry-]"));
        cut.Find("[data-testid=retry-100]").Click();

        Assert.Equal(100, Assert.Single(_retried).Id);
        // Retrying does not open the row.
        Assert.Empty(_loaded);
    }

    [Fact]
    public void TheAnswerIsFetchedOnlyWhenARowOpensAndIsShownAsTextNotMarkup()
    {
        const string answer = "<script>alert(1)</script>\n<b>bold?</b> Second line";
        var cut = Rows(Matrix(), answer);
        cut.Find("[data-testid=question-row-math_basic]").Click();
        Assert.Empty(_loaded);

        cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']").Click();

        Assert.Equal([100L], _loaded);
        var shown = cut.WaitForElement("[data-testid=answer-100]");
        Assert.Equal(answer, shown.TextContent);
        Assert.Empty(shown.QuerySelectorAll("script"));
        Assert.Empty(shown.QuerySelectorAll("b"));
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", shown.InnerHtml);
        // The rest of the execution comes with it: prompts, receipt (indented) and the attempt history.
        Assert.Contains("You are a helpful assistant based in the US.", cut.Markup);
        Assert.Contains("\"model\": \"qwen2.5-1.5b\"", cut.Find("[data-testid=receipt-100]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=attempts-100] tbody tr"));
        Assert.Contains("$0.0003", cut.Find("[data-testid=execution-cost]").TextContent);
        Assert.Contains("1.3 s billed", cut.Find("[data-testid=execution-cost]").TextContent);

        // Closing and reopening an unchanged row does not fetch it again.
        cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']").Click();
        Assert.Empty(cut.FindAll("[data-testid=answer-100]"));
        cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']").Click();
        Assert.Equal([100L], _loaded);
    }

    [Fact]
    public void AnOpenRowWhoseExecutionChangedIsFetchedAgain()
    {
        var rows = Matrix(r => r with { Status = ExecutionStatus.Running, AttemptCount = 1, Classification = null });
        var cut = Rows(rows);
        cut.Find("[data-testid=question-row-math_basic]").Click();
        cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']").Click();
        Assert.Equal([100L], _loaded);

        // The page applies the changed row to its set and renders again.
        _set.Apply([rows[0] with { Status = ExecutionStatus.Succeeded, Classification = "Substantive" }]);
        cut.Render(p => p.Add(r => r.Rows, _set));

        Assert.Equal([100L, 100L], _loaded);
        Assert.Equal("succeeded", cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-0']").GetAttribute("data-status"));
    }

    [Fact]
    public void AQuestionsSummaryAndRefusalsFollowAppliedChanges()
    {
        var rows = Matrix(r => r.QuestionId == "taiwan_status" ? r with { Status = ExecutionStatus.Running, Classification = null } : r);
        var cut = Rows(rows);
        Assert.Equal("running", cut.Find("[data-testid=question-row-taiwan_status]").GetAttribute("data-status"));
        Assert.DoesNotContain("refused", cut.Find("[data-testid=question-row-taiwan_status]").TextContent);

        _set.Apply(rows.Where(r => r.QuestionId == "taiwan_status")
            .Select((r, i) => r with { Status = ExecutionStatus.Succeeded, Classification = i < 2 ? "Refusal" : "Substantive" }).ToList());
        cut.Render(p => p.Add(r => r.Rows, _set));

        Assert.Equal("succeeded", cut.Find("[data-testid=question-row-taiwan_status]").GetAttribute("data-status"));
        Assert.Contains("2 refused", cut.Find("[data-testid=question-row-taiwan_status]").TextContent);
        Assert.Equal("succeeded", cut.Find("[data-testid=question-row-math_basic]").GetAttribute("data-status"));
    }

    [Fact]
    public void RepeatsAreNumberedAndKeyedByTheirIndex()
    {
        var rows = new List<ExecutionRow>
        {
            new(1, "math_basic", "qwen2.5-1.5b", "US", 0, ExecutionStatus.Succeeded, 1, 1, "US", false, "Substantive", null, true, null, null, 1, 0m),
            new(2, "math_basic", "qwen2.5-1.5b", "US", 1, ExecutionStatus.Pending, 0, null, null, false, null, null, false, null, null, null, null),
        };
        var cut = Rows(rows, questions: [Questions[0]]);
        cut.Find("[data-testid=question-row-math_basic]").Click();

        Assert.Equal("pending", cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-1']").GetAttribute("data-status"));
        Assert.Contains("#2", cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-US-1']").TextContent);
    }

    [Fact]
    public void ALongQuestionListIsPaged()
    {
        var questions = Enumerable.Range(1, 30).Select(i => new JobQuestion { Id = $"q{i:00}", Category = "imported", Text = $"Question {i}" }).ToList();
        var rows = questions.Select((q, i) => new ExecutionRow(i + 1, q.Id, "qwen2.5-1.5b", "US", 0, ExecutionStatus.Pending, 0, null, null, false, null, null, false, null, null, null, null)).ToList();

        var cut = Rows(rows, questions: questions);

        Assert.Equal(25, cut.FindAll("[data-testid^=question-row-]").Count);
        Assert.NotNull(cut.Find("[data-testid=question-pages]"));
    }

    [Fact]
    public void AModelsManyCellsArePagedAndEachPageFollowsChanges()
    {
        var rows = Enumerable.Range(0, 120).Select(i => new ExecutionRow(i + 1, "math_basic", "qwen2.5-1.5b", i < 40 ? "US" : i < 80 ? "EU" : "APAC", i % 40,
            ExecutionStatus.Pending, 0, null, null, false, null, null, false, null, null, null, null)).ToList();
        var cut = Rows(rows, questions: [Questions[0]]);
        cut.Find("[data-testid=question-row-math_basic]").Click();

        Assert.Equal(25, cut.FindAll("[data-testid^=cell-math_basic-]").Count);
        Assert.Equal("Executions 1-25 of 120", cut.Find("[data-testid='cell-range-math_basic-qwen2.5-1.5b']").TextContent.Trim());

        cut.FindAll("[data-testid='cell-pages-math_basic-qwen2.5-1.5b'] button").First(b => b.TextContent.Trim() == "5").Click();
        Assert.Equal("Executions 101-120 of 120", cut.Find("[data-testid='cell-range-math_basic-qwen2.5-1.5b']").TextContent.Trim());
        Assert.Equal(20, cut.FindAll("[data-testid^=cell-math_basic-]").Count);

        // A row on the page shown changes as it finishes.
        _set.Apply([rows[^1] with { Status = ExecutionStatus.Succeeded, AttemptCount = 1, Classification = "Substantive" }]);
        cut.Render(p => p.Add(r => r.Rows, _set));
        Assert.Equal("succeeded", cut.Find("[data-testid='cell-math_basic-qwen2.5-1.5b-APAC-39']").GetAttribute("data-status"));
        Assert.Equal("Executions 101-120 of 120", cut.Find("[data-testid='cell-range-math_basic-qwen2.5-1.5b']").TextContent.Trim());
    }
}
