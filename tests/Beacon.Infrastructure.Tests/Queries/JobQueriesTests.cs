using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;

namespace Beacon.Infrastructure.Tests.Queries;

public sealed class JobQueriesTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private JobQueries Queries => _host.Queries;

    private Task<Data.Job> SubmitAsync(string name, params string[] questions) => _host.SubmitAsync(new JobRequest
    {
        Name = name,
        QuestionIds = questions,
        Models = ["qwen2.5-1.5b", "mistral-7b"],
        Regions = ["US", "APAC"],
    });

    [Fact]
    public async Task ExecutionRowsAreEveryCellOfTheJobInPlanOrder()
    {
        var job = await SubmitAsync("a", "math_basic", "taiwan_status");
        await SubmitAsync("other", "math_basic");

        var rows = await Queries.ExecutionRowsAsync(job.Id, default);

        var stored = await _host.ExecutionsAsync(job.Id);
        Assert.Equal(stored.Select(e => e.Id), rows.Select(r => r.Id));
        Assert.Equal(
            [("math_basic", "qwen2.5-1.5b", "US"), ("math_basic", "qwen2.5-1.5b", "APAC"), ("math_basic", "mistral-7b", "US")],
            rows.Take(3).Select(r => (r.QuestionId, r.ModelId, r.Region)));
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Pending, r.Status));
    }

    [Fact]
    public async Task RowsByIdAreOnlyTheAskedRowsOfThatJob()
    {
        var job = await SubmitAsync("a", "math_basic");
        var other = await SubmitAsync("b", "math_basic");
        var mine = (await _host.ExecutionsAsync(job.Id)).Take(2).Select(e => e.Id).ToList();
        var theirs = (await _host.ExecutionsAsync(other.Id)).First().Id;
        await _db.ExecuteAsync("UPDATE executions SET status = 'Failed', attempt_count = 1, error_code = 'timeout', inference_seconds = 2.5 WHERE id = @id", ("id", mine[0]));

        var rows = await Queries.ExecutionRowsByIdAsync(job.Id, [.. mine, theirs], default);

        Assert.Equal(mine.Order(), rows.Select(r => r.Id).Order());
        var failed = rows.Single(r => r.Id == mine[0]);
        Assert.Equal((ExecutionStatus.Failed, 1, "timeout", 2.5), (failed.Status, failed.AttemptCount, failed.ErrorCode, failed.InferenceSeconds));
    }

    [Fact]
    public async Task TheJobsListSortsAndFilters()
    {
        await SubmitAsync("beta", "math_basic");
        await SubmitAsync("alpha", "math_basic", "taiwan_status");
        var gamma = await SubmitAsync("gamma", "math_basic");
        await _db.ExecuteAsync("UPDATE jobs SET status = 'Cancelled' WHERE id = @id", ("id", gamma.Id));

        var byName = await Queries.ListAsync(null, JobSort.Name, descending: false, 1, 10, default);
        Assert.Equal(["alpha", "beta", "gamma"], byName.Items.Select(j => j.Name));

        var bySize = await Queries.ListAsync(null, JobSort.ExecutionCount, descending: true, 1, 1, default);
        Assert.Equal("alpha", Assert.Single(bySize.Items).Name);
        Assert.Equal(3, bySize.Total);

        var newestFirst = await Queries.ListAsync(null, 1, 10, default);
        Assert.Equal(["gamma", "alpha", "beta"], newestFirst.Items.Select(j => j.Name));

        var cancelled = await Queries.ListAsync(JobStatus.Cancelled, JobSort.CreatedAt, descending: true, 1, 10, default);
        Assert.Equal("gamma", Assert.Single(cancelled.Items).Name);

        var totals = await Queries.StatusTotalsAsync(default);
        Assert.Equal(2, totals[JobStatus.Queued]);
        Assert.Equal(1, totals[JobStatus.Cancelled]);
    }

    [Fact]
    public async Task TheCatalogueListsTheQuestionsByCategoryThenId()
    {
        var questions = await Queries.CatalogQuestionsAsync(default);

        Assert.Equal(BuiltInQuestions.All.OrderBy(q => q.Category, StringComparer.Ordinal).ThenBy(q => q.Id, StringComparer.Ordinal).Select(q => q.Id),
            questions.Select(q => q.Id));
        Assert.Equal("What is 2+2?", questions.Single(q => q.Id == "math_basic").Text);
    }
}
