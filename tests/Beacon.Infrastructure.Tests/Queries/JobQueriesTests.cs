using Beacon.Core.Accounts;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Services;
using Microsoft.Extensions.DependencyInjection;
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

    /// <summary>InfrastructureHost submits as "tester".</summary>
    private static readonly Viewer Tester = new("tester", IsAdministrator: false);

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

        var byName = await Queries.ListAsync(Tester, null, JobSort.Name, descending: false, 1, 10, default);
        Assert.Equal(["alpha", "beta", "gamma"], byName.Items.Select(j => j.Name));

        var bySize = await Queries.ListAsync(Tester, null, JobSort.ExecutionCount, descending: true, 1, 1, default);
        Assert.Equal("alpha", Assert.Single(bySize.Items).Name);
        Assert.Equal(3, bySize.Total);

        var newestFirst = await Queries.ListAsync(Tester, null, 1, 10, default);
        Assert.Equal(["gamma", "alpha", "beta"], newestFirst.Items.Select(j => j.Name));

        var cancelled = await Queries.ListAsync(Tester, JobStatus.Cancelled, JobSort.CreatedAt, descending: true, 1, 10, default);
        Assert.Equal("gamma", Assert.Single(cancelled.Items).Name);

        var totals = await Queries.StatusTotalsAsync(Tester, default);
        Assert.Equal(2, totals[JobStatus.Queued]);
        Assert.Equal(1, totals[JobStatus.Cancelled]);
    }

    [Fact]
    public async Task AResearcherSeesTheirOwnJobsAndJobsSharedWithThemAndAnAdministratorSeesAll()
    {
        var accounts = _host.Services.GetRequiredService<AccountService>();
        var ann = (await accounts.CreateAsync("ann@beacon.test", "ann-password-1", BeaconRoles.Researcher, default)).UserId!;
        var bob = (await accounts.CreateAsync("bob@beacon.test", "bob-password-1", BeaconRoles.Researcher, default)).UserId!;
        var request = new JobRequest { QuestionIds = ["math_basic"], Models = ["qwen2.5-1.5b"], Regions = ["US"] };
        var annsJob = (await _host.Jobs.SubmitAsync(request with { Name = "ann's" }, new Viewer(ann, false), null, default)).Job!;
        var bobsJob = (await _host.Jobs.SubmitAsync(request with { Name = "bob's" }, new Viewer(bob, false), null, default)).Job!;
        await SubmitAsync("before accounts", "math_basic");
        var access = _host.Services.GetRequiredService<JobAccess>();
        var (annViewer, bobViewer, admin) = (new Viewer(ann, false), new Viewer(bob, false), new Viewer("someone", true));

        Assert.Equal(["ann's"], (await Queries.ListAsync(annViewer, null, 1, 10, default)).Items.Select(j => j.Name));
        Assert.False(await access.CanSeeJobAsync(bobsJob.Id, annViewer, default));
        Assert.Equal(3, (await Queries.ListAsync(admin, null, 1, 10, default)).Total);
        Assert.Equal(3, (await Queries.StatusTotalsAsync(admin, default)).Values.Sum());

        Assert.Equal(ShareResult.Shared, await _host.Services.GetRequiredService<JobSharingService>().ShareAsync(bobsJob.Id, "ANN@beacon.test", default));
        Assert.Equal(["bob's", "ann's"], (await Queries.ListAsync(annViewer, null, 1, 10, default)).Items.Select(j => j.Name));
        Assert.True(await access.CanSeeJobAsync(bobsJob.Id, annViewer, default));
        Assert.False(await access.CanManageJobAsync(bobsJob.Id, annViewer, default));
        Assert.True(await access.CanManageJobAsync(annsJob.Id, annViewer, default));
        Assert.Equal(1, (await Queries.StatusTotalsAsync(bobViewer, default)).Values.Sum());
    }

    [Fact]
    public async Task TheCatalogueListsTheBuiltInQuestionsByCategoryThenId()
    {
        var catalog = await Queries.QuestionCatalogAsync(InfrastructureHost.Tester, default);
        var questions = catalog.Questions;
        Assert.Equal(questions.Select(q => q.Id), Assert.Single(catalog.Sets).QuestionIds);

        Assert.Equal(BuiltInQuestions.Catalogue.OrderBy(q => q.Category, StringComparer.Ordinal).ThenBy(q => q.Id, StringComparer.Ordinal).Select(q => q.Id),
            questions.Select(q => q.Id));
        Assert.Equal("What is 2+2?", questions.Single(q => q.Id == "math_basic").Text);
        Assert.Equal(("2+2等于多少？", "zh-Hans", "math_basic"), questions.Single(q => q.Id == "math_basic_zh") is var zh ? (zh.Text, zh.Language, zh.VariantGroup) : default);
    }
}
