using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;
using Npgsql;

namespace Beacon.Web.Tests.Processes;

/// <summary>Killing a worker (SIGKILL) in the middle of a large job and starting another one.</summary>
public sealed class CrashRecoveryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static readonly Dictionary<string, string?> Worker = new()
    {
        ["Beacon:Emulator:MinLatencyMs"] = "50",
        ["Beacon:Emulator:MaxLatencyMs"] = "150",
        ["Beacon:Emulator:ColdStartMs"] = "0",
        ["Beacon:Emulator:ServerErrorRate"] = "0",
        ["Beacon:Emulator:RateLimitRate"] = "0",
        ["Beacon:Emulator:HandOffRate"] = "0",
    };

    private sealed record Snapshot(long Id, string Status, int AttemptCount, Guid? RequestId, string Attempts);

    private async Task<List<Snapshot>> SnapshotAsync(Guid jobId)
    {
        var rows = new List<Snapshot>();
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, status, attempt_count, request_id, attempts::text FROM executions WHERE job_id = @id", connection);
        cmd.Parameters.AddWithValue("id", jobId);
        await using var reader = await cmd.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            rows.Add(new Snapshot(reader.GetInt64(0), reader.GetString(1), reader.GetInt32(2), reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetString(4)));
        }
        return rows;
    }

    [Fact]
    public async Task AKilledWorkersJobCompletesOnRestartWithoutLosingOrRepeatingFinishedCells()
    {
        var first = await BeaconProcess.StartAsync(_db.ConnectionString, Worker);
        using var http = await first.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new
        {
            questionIds = BuiltInQuestions.All.Select(q => q.Id).ToArray(),
            models = new[] { "llama3.2-1b", "mistral-7b", "qwen2.5-1.5b" },
            regions = new[] { "US", "EU", "APAC" },
            repeats = 10,
        });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(() => _db.ScalarAsync<long>("SELECT count(*) FROM executions WHERE job_id = @id AND status = 'Succeeded'", ("id", id)),
            n => n >= 150, TimeSpan.FromSeconds(60), "150 finished cells before the crash");

        first.Kill();
        await first.DisposeAsync();
        var atCrash = await SnapshotAsync(id);
        var finishedAtCrash = atCrash.Where(r => r.Status is "Succeeded" or "Failed").ToDictionary(r => r.Id);
        var inFlightAtCrash = atCrash.Where(r => r.Status == "Running").Select(r => r.Id).ToHashSet();
        Assert.True(finishedAtCrash.Count < 720, "the job must still be unfinished when the worker is killed");

        // The default invisibility timeout (20 s, heart-beaten by live workers) lets the restarted process take the killed
        // worker's lanes over within about half a minute, not after five minutes as before.
        await using var second = await BeaconProcess.StartAsync(_db.ConnectionString, Worker);
        await Eventually.WaitForAsync(() => _db.ScalarAsync<long>("SELECT count(*) FROM executions WHERE job_id = @id AND status IN ('Succeeded', 'Failed')", ("id", id)),
            n => n > finishedAtCrash.Count, TimeSpan.FromSeconds(45), "the restarted process to resume the job within the invisibility timeout");
        using var http2 = await second.CreateAdminClientAsync();
        var done = await Eventually.WaitForAsync(async () => await http2.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
            j => j.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(120), "the job to complete after the restart");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var after = await SnapshotAsync(id);
        Assert.Equal(720, after.Count);
        Assert.All(after, r => Assert.Contains(r.Status, new[] { "Succeeded", "Failed" }));
        foreach (var (cellId, before) in finishedAtCrash)
        {
            var now = after.Single(r => r.Id == cellId);
            Assert.Equal(before.AttemptCount, now.AttemptCount);
            Assert.Equal(before.RequestId, now.RequestId);
        }
        var calledTwice = after.Where(r => r.AttemptCount > 1).Select(r => r.Id).ToHashSet();
        Assert.Subset(inFlightAtCrash, calledTwice);

        // Every cell's history holds each attempt its count says, and a cell in flight at the crash keeps that first
        // attempt, marked interrupted, with the request id it was sent with.
        foreach (var row in after)
        {
            using var history = JsonDocument.Parse(row.Attempts);
            Assert.Equal(row.AttemptCount, history.RootElement.GetArrayLength());
        }
        foreach (var cell in atCrash.Where(r => r.Status == "Running" && r.RequestId is not null))
        {
            using var history = JsonDocument.Parse(after.Single(r => r.Id == cell.Id).Attempts);
            var firstAttempt = history.RootElement[0];
            Assert.Equal("interrupted", firstAttempt.GetProperty("outcome").GetString());
            Assert.Equal(cell.RequestId, firstAttempt.GetProperty("request_id").GetGuid());
            Assert.NotEqual(cell.RequestId, after.Single(r => r.Id == cell.Id).RequestId);
        }
    }
}
