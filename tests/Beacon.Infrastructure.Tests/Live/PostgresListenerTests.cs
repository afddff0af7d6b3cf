using System.Collections.Concurrent;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Beacon.Infrastructure.Tests.Live;

public sealed class PostgresListenerTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;
    private readonly ConcurrentQueue<JobEvent> _events = new();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
        await _host.Services.GetRequiredService<PostgresListener>().Listening.WaitAsync(TimeSpan.FromSeconds(30));
        _host.Services.GetRequiredService<JobEvents>().Subscribe(null, e =>
        {
            _events.Enqueue(e);
            return Task.CompletedTask;
        });
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ANotificationArrivesOnlyWhenItsTransactionCommits()
    {
        var jobId = Guid.NewGuid();
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var notify = new NpgsqlCommand("SELECT pg_notify('beacon_executions', @p)", connection, transaction))
        {
            notify.Parameters.AddWithValue("p", $$"""{"jobId": "{{jobId}}", "ids": [1, 2, 3]}""");
            await notify.ExecuteNonQueryAsync();
        }

        await Task.Delay(500);
        Assert.DoesNotContain(_events, e => e.JobId == jobId);

        await transaction.CommitAsync();
        var e = await Eventually.WaitForAsync(() => Task.FromResult(_events.FirstOrDefault(x => x.JobId == jobId)), x => x is not null, TimeSpan.FromSeconds(10), "the notification");
        Assert.Equal([1L, 2L, 3L], e!.ExecutionIds);
    }

    [Fact]
    public async Task ARolledBackChangeIsNeverAnnounced()
    {
        var jobId = Guid.NewGuid();
        await using (var connection = new NpgsqlConnection(_db.ConnectionString))
        {
            await connection.OpenAsync();
            await using var transaction = await connection.BeginTransactionAsync();
            await using var notify = new NpgsqlCommand("SELECT pg_notify('beacon_jobs', @p)", connection, transaction);
            notify.Parameters.AddWithValue("p", $$"""{"jobId": "{{jobId}}", "status": "Running"}""");
            await notify.ExecuteNonQueryAsync();
            await transaction.RollbackAsync();
        }

        await Task.Delay(700);
        Assert.DoesNotContain(_events, e => e.JobId == jobId);
    }

    [Fact]
    public async Task RunningAJobAnnouncesEveryExecutionAndTheStatusChanges()
    {
        var job = await _host.SubmitAsync(new JobRequest { QuestionIds = ["math_basic", "geography_basic"], Models = ["mistral-7b", "llama3.2-1b"], Regions = ["EU", "US"] });

        await _host.RunAllLanesAsync(job.Id);

        var rows = await _host.ExecutionsAsync(job.Id);
        await Eventually.WaitForAsync(
            () => Task.FromResult(_events.Where(e => e.JobId == job.Id).SelectMany(e => e.ExecutionIds).ToHashSet()),
            ids => rows.All(r => ids.Contains(r.Id)), TimeSpan.FromSeconds(10), "an event for every execution");
        await Eventually.WaitForAsync(
            () => Task.FromResult(_events.Where(e => e.JobId == job.Id && e.Status is not null).Select(e => e.Status).ToList()),
            s => s.Contains("Completed") && s.Contains("Running") && s.Contains("Queued"), TimeSpan.FromSeconds(10), "queued, running and completed");
        Assert.Contains(_events, e => e.JobId == job.Id && e.Lane is { Stage: "WarmingUp" });
    }

    [Fact]
    public async Task TheWorkersNotificationsCarryTheRowsAsCommittedInCommitOrder()
    {
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = ["math_basic", "geography_basic", "tiananmen_neutral"], Models = ["mistral-7b", "qwen2.5-1.5b"], Regions = ["EU", "APAC"], Repeats = 3,
        });

        await _host.RunAllLanesAsync(job.Id);

        // The last version of each row the events carried is the row a page would read now.
        var committed = await _host.Services.GetRequiredService<Beacon.Infrastructure.Services.JobQueries>().ExecutionRowsAsync(job.Id, CancellationToken.None);
        var carried = await Eventually.WaitForAsync(
            () => Task.FromResult(_events.Where(e => e.JobId == job.Id).SelectMany(e => e.Rows)
                .GroupBy(r => r.Id).ToDictionary(g => g.Key, g => g.Last())),
            rows => committed.All(c => rows.TryGetValue(c.Id, out var r) && r.Status == c.Status), TimeSpan.FromSeconds(10), "every row carried as finished");
        Assert.Equal(committed, committed.Select(c => carried[c.Id]));
    }
}
