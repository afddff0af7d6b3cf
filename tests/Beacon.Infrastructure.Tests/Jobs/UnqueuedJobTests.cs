using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Hangfire;
using Hangfire.Common;
using Hangfire.States;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Jobs;

/// <summary>
/// A job is committed before its lanes are handed to Hangfire. When that hand-over fails the submission still returns the
/// saved job, and the queue sweep queues it: no job is ever left unqueued.
/// </summary>
public sealed class UnqueuedJobTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static readonly JobRequest Request = new() { QuestionIds = ["math_basic", "taiwan_status"], Models = ["qwen2.5-1.5b"], Regions = ["US", "APAC"] };

    /// <summary>Hangfire's client, failing while <see cref="Failing"/> is set (as it did on a stale pooled connection).</summary>
    internal sealed class FlakyJobClient(JobStorage storage) : IBackgroundJobClient
    {
        private readonly BackgroundJobClient _inner = new(storage);
        public bool Failing { get; set; }
        public int Refused { get; private set; }

        public string Create(Job job, IState state)
        {
            if (Failing)
            {
                Refused++;
                throw new BackgroundJobClientException("Hangfire could not reach its storage (simulated).", new TimeoutException());
            }
            return _inner.Create(job, state);
        }

        public bool ChangeState(string jobId, IState state, string expectedState) => _inner.ChangeState(jobId, state, expectedState);
    }

    private Task<InfrastructureHost> StartAsync() => InfrastructureHost.StartAsync(_db, configure: services =>
    {
        services.AddSingleton(sp => new FlakyJobClient(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IBackgroundJobClient>(sp => sp.GetRequiredService<FlakyJobClient>());
    });

    private Task<string> StatusAsync(Guid id) => _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", id));

    private Task<long> QueuedLanesAsync(Guid id) =>
        _db.ScalarAsync<long>("SELECT count(*) FROM hangfire.job WHERE arguments::text LIKE '%' || @id || '%'", ("id", id.ToString()));

    [Fact]
    public async Task ASubmissionWhoseQueueingFailsIsStillSavedAndReturnedAndTheSweepQueuesIt()
    {
        await using var host = await StartAsync();
        var client = host.Services.GetRequiredService<FlakyJobClient>();
        client.Failing = true;

        var result = await host.Jobs.SubmitAsync(Request, InfrastructureHost.Tester, null, CancellationToken.None);

        Assert.True(result.IsValid);
        var job = result.Job!;
        Assert.True(client.Refused >= 2, "the hand-over is tried once more before giving up");
        Assert.Equal("Created", await StatusAsync(job.Id));
        Assert.Equal(4, await _db.ScalarAsync<long>("SELECT count(*) FROM executions WHERE job_id = @id", ("id", job.Id)));
        Assert.Equal(0, await QueuedLanesAsync(job.Id));

        client.Failing = false;
        Assert.Equal(1, await host.Jobs.RecoverUnqueuedJobsAsync(TimeSpan.Zero, CancellationToken.None));

        Assert.Equal("Queued", await StatusAsync(job.Id));
        Assert.Equal(2, await QueuedLanesAsync(job.Id));
        Assert.Equal(0, await host.Jobs.RecoverUnqueuedJobsAsync(TimeSpan.Zero, CancellationToken.None));
    }

    [Fact]
    public async Task TheSweepLeavesAJobThatWasJustSubmittedToItsOwnSubmission()
    {
        await using var host = await StartAsync();
        var client = host.Services.GetRequiredService<FlakyJobClient>();
        client.Failing = true;
        var job = (await host.Jobs.SubmitAsync(Request, InfrastructureHost.Tester, null, CancellationToken.None)).Job!;
        client.Failing = false;

        Assert.Equal(0, await host.Jobs.RecoverUnqueuedJobsAsync(TimeSpan.FromMinutes(5), CancellationToken.None));
        Assert.Equal("Created", await StatusAsync(job.Id));
    }

    [Fact]
    public async Task AWorkerStartingUpQueuesJobsLeftUnqueued()
    {
        Guid id;
        await using (var host = await StartAsync())
        {
            host.Services.GetRequiredService<FlakyJobClient>().Failing = true;
            id = (await host.Jobs.SubmitAsync(Request, InfrastructureHost.Tester, null, CancellationToken.None)).Job!.Id;
        }

        // A worker process (Hangfire server on) sweeps at start-up; its lanes then run the job to the end.
        await using var worker = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "true",
            ["Beacon:Worker:QueueSweepInterval"] = "00:00:01",
        });
        var status = await Eventually.WaitForAsync(() => StatusAsync(id), s => s == "Completed", TimeSpan.FromSeconds(60), "the unqueued job to be queued and run");
        Assert.Equal("Completed", status);
    }
}
