using System.Diagnostics;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;

namespace Beacon.Infrastructure.Tests.Faults;

[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class PostgresRestartCollection
{
    /// <summary>Restarting the server would break every other test running at the same time, so this runs alone.</summary>
    public const string Name = "PostgreSQL restart (runs alone)";
}

[Collection(PostgresRestartCollection.Name)]
public sealed class PostgresRestartTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AJobPausesWhilePostgresRestartsAndThenCompletesWithNothingLost()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "40",
            ["Beacon:Emulator:MaxLatencyMs"] = "80",
        });
        var job = await host.SubmitAsync(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"],
            Regions = ["US", "EU", "APAC"],
            Repeats = 5,
        });
        var lanes = host.RunAllLanesAsync(job.Id);
        await Eventually.WaitForAsync(() => _db.ScalarAsync<long>("SELECT count(*) FROM executions WHERE job_id = @id AND status = 'Succeeded'", ("id", job.Id)),
            n => n >= 40, TimeSpan.FromSeconds(60), "some finished cells before the restart");

        await RestartPostgresAsync();

        await lanes.WaitAsync(TimeSpan.FromMinutes(3));
        // The test's own idle connections died with the server (this collection runs alone, so clearing all is safe).
        Npgsql.NpgsqlConnection.ClearAllPools();
        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(360, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.Equal("Completed", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", job.Id)));
    }

    [Fact]
    public async Task TheFirstSubmissionAfterARestartIsEitherSavedAndQueuedOrRefusedWithNothingSaved()
    {
        await using var host = await InfrastructureHost.StartAsync(_db);
        var request = new JobRequest { QuestionIds = ["math_basic"], Models = ["llama3.2-1b"], Regions = ["US", "EU"] };
        // Warm every pool (EF's, Hangfire's) so that they hold connections the restart will break.
        await host.SubmitAsync(request);

        await RestartPostgresAsync();

        var saved = new List<Guid>();
        for (var attempt = 0; attempt < 5 && saved.Count == 0; attempt++)
        {
            var before = await CountJobsAsync();
            try
            {
                var result = await host.Jobs.SubmitAsync(request, InfrastructureHost.Tester, null, CancellationToken.None);
                saved.Add(result.Job!.Id);
            }
            catch (Exception ex) when (ex is Npgsql.NpgsqlException or InvalidOperationException or Microsoft.EntityFrameworkCore.DbUpdateException)
            {
                // Refused: then truly nothing was saved.
                Assert.Equal(before, await CountJobsAsync());
            }
        }
        var id = Assert.Single(saved);

        // Whatever the queue did at that moment, the sweep leaves no job unqueued.
        await host.Jobs.RecoverUnqueuedJobsAsync(TimeSpan.Zero, CancellationToken.None);
        Assert.Equal("Queued", await _db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", ("id", id)));
        Assert.Equal(0, await _db.ScalarAsync<long>("SELECT count(*) FROM jobs WHERE status = 'Created'"));
    }

    private async Task<long> CountJobsAsync()
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return await _db.ScalarAsync<long>("SELECT count(*) FROM jobs");
            }
            catch (Npgsql.NpgsqlException) when (attempt < 20)
            {
                Npgsql.NpgsqlConnection.ClearAllPools();
                await Task.Delay(250);
            }
        }
    }

    private static async Task RestartPostgresAsync()
    {
        var clusters = await RunAsync("pg_lsclusters", "-h");
        var fields = clusters.Split('\n', StringSplitOptions.RemoveEmptyEntries)[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        await RunAsync("pg_ctlcluster", $"{fields[0]} {fields[1]} restart");
    }

    private static async Task<string> RunAsync(string file, string arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        var error = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"{file} {arguments} failed: {error}");
        return output;
    }
}
