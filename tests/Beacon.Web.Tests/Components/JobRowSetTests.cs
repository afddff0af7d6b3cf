using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Web.Components.Jobs;

namespace Beacon.Web.Tests.Components;

/// <summary>
/// The job page's figures are adjusted row by row as changes arrive. After any sequence of changes they must equal the
/// figures counted afresh from the rows as they now are: what a researcher would see after reloading the page.
/// </summary>
public sealed class JobRowSetTests
{
    private static readonly JobQuestion[] Questions =
    [
        new() { Id = "math_basic", Text = "What is 2+2?" },
        new() { Id = "taiwan_status", Text = "What is the current status of Taiwan?" },
        new() { Id = "tiananmen_neutral", Text = "What happened at Tiananmen Square in 1989?" },
    ];

    private static readonly string[] Models = ["qwen2.5-1.5b", "mistral-7b"];
    private static readonly string[] Regions = ["US", "EU", "APAC"];
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static List<ExecutionRow> Plan(int repeats)
    {
        var rows = new List<ExecutionRow>();
        var id = 1L;
        foreach (var q in Questions)
        {
            foreach (var model in Models)
            {
                foreach (var region in Regions)
                {
                    for (var r = 0; r < repeats; r++)
                    {
                        rows.Add(new ExecutionRow(id++, q.Id, model, region, r, ExecutionStatus.Pending, 0, null, null, false, null, null, false,
                            null, null, null, null));
                    }
                }
            }
        }
        return rows;
    }

    /// <summary>One thing that happens to a cell of a running job, chosen by the random source.</summary>
    private static ExecutionRow Change(ExecutionRow row, Random random)
    {
        var started = T0.AddSeconds(random.Next(0, 100));
        var seconds = Math.Round(random.NextDouble() * 5, 3);
        return random.Next(7) switch
        {
            0 => row with { Status = ExecutionStatus.Running, AttemptCount = row.AttemptCount + 1, StartedAt = started, CompletedAt = null },
            1 or 2 => row with
            {
                Status = ExecutionStatus.Succeeded, StartedAt = started, CompletedAt = started.AddSeconds(seconds), InferenceSeconds = seconds,
                Classification = random.Next(3) == 0 ? "Refusal" : "Substantive", BilledSeconds = seconds, CostUsd = (decimal)seconds * 0.000305m,
                Emulated = random.Next(2) == 0, ReportedRegion = row.Region,
            },
            3 => row with
            {
                Status = ExecutionStatus.Failed, AttemptCount = Math.Max(1, row.AttemptCount), StartedAt = started, CompletedAt = started.AddSeconds(seconds),
                ErrorCode = "http_503", BilledSeconds = seconds / 2, CostUsd = 0.0001m,
            },
            4 => row with { Status = ExecutionStatus.Pending, CompletedAt = null, ErrorCode = null }, // retried
            5 => row with { Status = ExecutionStatus.Cancelled, ErrorCode = "cancelled", CompletedAt = started },
            _ => row with { Classification = row.Classification == "Refusal" ? "Substantive" : "Refusal" }, // re-classified or overridden
        };
    }

    [Fact]
    public void FiguresAfterManyChangesEqualTheFiguresOfTheRowsAsTheyNowAre()
    {
        var rows = Plan(repeats: 4);
        var set = new JobRowSet(Questions, rows);
        var current = rows.ToDictionary(r => r.Id);
        var random = new Random(20261129);

        for (var batch = 0; batch < 200; batch++)
        {
            var changed = Enumerable.Range(0, random.Next(1, 12))
                .Select(_ => rows[random.Next(rows.Count)].Id)
                .Distinct()
                .Select(id => Change(current[id], random))
                .ToList();
            foreach (var row in changed)
            {
                current[row.Id] = row;
            }
            set.Apply(changed);

            AssertSameFigures(current.Values.OrderBy(r => r.Id).ToList(), set);
        }
    }

    [Fact]
    public void ARowNotYetInTheSetJoinsItsQuestionAndModel()
    {
        var rows = Plan(repeats: 1);
        var set = new JobRowSet(Questions, rows);
        var added = new ExecutionRow(999, "math_basic", "llama3.2-1b", "EU", 0, ExecutionStatus.Pending, 0, null, null, false, null, null, false,
            null, null, null, null);

        set.Apply([added]);

        Assert.Equal(rows.Count + 1, set.Count);
        var math = set.Groups.Single(g => g.Question.Id == "math_basic");
        Assert.Equal(["qwen2.5-1.5b", "mistral-7b", "llama3.2-1b"], math.Models.Select(m => m.Model));
        Assert.Equal(7, math.Counts.Pending);
        Assert.Same(added, set.Find(999));
    }

    [Fact]
    public void RowsOfAQuestionTheJobDoesNotListFormAGroupAfterTheJobsQuestions()
    {
        var rows = Plan(repeats: 1);
        rows.Add(new ExecutionRow(500, "extra_question", "mistral-7b", "US", 0, ExecutionStatus.Succeeded, 1, 1, "US", false, "Substantive", null, true,
            T0, T0.AddSeconds(1), 1, 0m));

        var set = new JobRowSet(Questions, rows);

        Assert.Equal(["math_basic", "taiwan_status", "tiananmen_neutral", "extra_question"], set.Groups.Select(g => g.Question.Id));
        Assert.Equal("extra_question", set.Groups[^1].Question.Text);
    }

    private static void AssertSameFigures(IReadOnlyList<ExecutionRow> rows, JobRowSet set)
    {
        Assert.Equal(StatusCounts.From(rows.GroupBy(r => r.Status).Select(g => (g.Key, g.Count()))), set.Counts);
        Assert.Equal(rows.Count(r => JobStateRules.CanRetryCell(r.Status, r.AttemptCount)), set.Retryable);
        Assert.Equal(rows.Any(r => r.RepeatIndex > 0), set.HasRepeats);
        Assert.Equal(rows, set.All);

        // Remaining time and cost: the same as counted afresh (sums of doubles may differ in the last bits).
        static int Concurrency(string region) => region == "APAC" ? 2 : 4;
        var fresh = new JobRowSet(Questions, rows);
        var expectedRemaining = fresh.Remaining(Concurrency);
        var remaining = set.Remaining(Concurrency);
        Assert.Equal(expectedRemaining is null, remaining is null);
        if (expectedRemaining is { } e && remaining is { } a)
        {
            Assert.InRange(Math.Abs(e.TotalSeconds - a.TotalSeconds), 0, 1e-6);
        }
        var expectedCost = CostBreakdown.FromCalls(rows.Where(r => r.BilledSeconds is not null)
            .Select(r => (r.ModelId, r.Region, r.Emulated, r.BilledSeconds ?? 0, r.CostUsd ?? 0m)));
        Assert.Equal(expectedCost.ByLane.Select(l => (l.Model, l.Region, l.Executions, l.EmulatedExecutions, l.Usd)),
            set.Cost.ByLane.Select(l => (l.Model, l.Region, l.Executions, l.EmulatedExecutions, l.Usd)));
        // The total is rounded to milliseconds, so a difference in the last bits may show as one millisecond.
        Assert.InRange(Math.Abs(expectedCost.Total.BilledSeconds - set.Cost.Total.BilledSeconds), 0, 0.0011);

        // Every question and model group: its cells in plan order and its counts.
        foreach (var group in set.Groups)
        {
            var cells = rows.Where(r => r.QuestionId == group.Question.Id).ToList();
            Assert.Equal(StatusCounts.From(cells.GroupBy(r => r.Status).Select(g => (g.Key, g.Count()))), group.Counts);
            Assert.Equal(cells.Count(r => r.Classification == "Refusal"), group.Refusals);
            foreach (var model in group.Models)
            {
                Assert.Equal(cells.Where(r => r.ModelId == model.Model), model.Cells);
                Assert.Equal(StatusCounts.From(model.Cells.GroupBy(r => r.Status).Select(g => (g.Key, g.Count()))), model.Counts);
            }
        }
    }
}
