using System.Text.Json;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Jobs;
using Beacon.Tests.Shared;
using Npgsql;

namespace Beacon.Infrastructure.Tests.Jobs;

/// <summary>
/// The writer's UPDATEs keep their plan (each cell by its primary key) in the table states that made PostgreSQL read a
/// whole job per batch (issue 18): statistics that have never seen the job's pending rows. The plans are PostgreSQL's
/// own (EXPLAIN ANALYZE of the writer's exact statements, rolled back), so this also checks how many rows each one read.
/// </summary>
public sealed class WriterPlanTests : IAsyncLifetime
{
    private const int CellsPerJob = 100_000;
    private const string PrimaryKey = "pk_executions";

    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?> { ["Beacon:Jobs:MaxRepeats"] = "20" });
        // The states below are made by hand; autovacuum would repair them at a moment of its choosing.
        await _db.ExecuteAsync("ALTER TABLE executions SET (autovacuum_enabled = false)");
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task TheWriterReachesEachCellByItsPrimaryKeyWhateverTheStatistics()
    {
        // Never analyzed, right after a big insert of pending cells.
        var first = await SubmitWithPendingCellsAsync();
        await AssertWriterPlansAsync(first, "a table never analyzed, just after a job's cells were inserted");

        // Statistics taken when every cell was finished; then a new job's cells arrive, all pending. Its pending rows
        // count as none: the state of the slow runs.
        await _db.ExecuteAsync($"UPDATE executions SET status = '{ExecutionStatus.Succeeded}'");
        await _db.ExecuteAsync("VACUUM ANALYZE executions");
        var second = await SubmitWithPendingCellsAsync();
        Assert.True(await EstimatedRowsAsync(second) < CellsPerJob / 100, "the statistics should not know the new job's pending cells");
        await AssertWriterPlansAsync(second, "statistics from before the job's cells were inserted");

        // Half the job finished since the statistics were taken: the job's cells are mostly pending, some not.
        await _db.ExecuteAsync($"UPDATE executions SET status = '{ExecutionStatus.Succeeded}' WHERE job_id = @job AND id % 2 = 0", ("job", second));
        await AssertWriterPlansAsync(second, "half of the job finished since the statistics were taken", odd: true);
    }

    [Fact]
    public async Task SubmittingALargeJobRefreshesTheStatistics()
    {
        // 8 built-in questions x 3 models x 3 regions x 14 repeats = 1,008 cells into an empty table.
        var job = await _host.SubmitAsync(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"],
            Regions = ["US", "EU", "APAC"],
            Repeats = 14,
        });

        Assert.Equal(1008, job.ExecutionCount);
        Assert.True(await EstimatedRowsAsync(job.Id) > 500, "the statistics should count the new job's pending cells");
    }

    /// <summary>A one-cell job through the service (no statistics refresh below 1,000 cells), then its bulk of pending cells as COPY leaves them.</summary>
    private async Task<Guid> SubmitWithPendingCellsAsync()
    {
        var job = await _host.SubmitAsync(new JobRequest { QuestionIds = ["math_basic"], Models = ["mistral-7b"], Regions = ["US"] });
        await _db.ExecuteAsync(
            $"""
            INSERT INTO executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt)
            SELECT @job, 'bulk-' || g, 'mistral-7b', 'US', 'US', 0, '{ExecutionStatus.Pending}', repeat('a question ', 20), ''
            FROM generate_series(1, {CellsPerJob}) AS g
            """, ("job", job.Id));
        return job.Id;
    }

    private async Task<double> EstimatedRowsAsync(Guid job)
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var explain = new NpgsqlCommand(
            $"EXPLAIN (FORMAT JSON) SELECT id FROM executions WHERE job_id = @job AND status = '{ExecutionStatus.Pending}'", connection);
        explain.Parameters.AddWithValue("job", job);
        using var plan = JsonDocument.Parse((string)(await explain.ExecuteScalarAsync())!);
        return plan.RootElement[0].GetProperty("Plan").GetProperty("Plan Rows").GetDouble();
    }

    private async Task AssertWriterPlansAsync(Guid job, string state, bool odd = false)
    {
        foreach (var size in new[] { 1, 500, 5000 })
        {
            var ids = await PendingIdsAsync(job, size, odd);
            var at = DateTimeOffset.UtcNow;
            var finishing = ids.Select(id => new CellUpdate
            {
                ExecutionId = id, Status = ExecutionStatus.Succeeded, At = at, Response = "An answer.", Classification = "Answered",
            }).ToList();
            var starting = ids.Select(id => new CellUpdate { ExecutionId = id, Status = ExecutionStatus.Running, At = at, RequestId = Guid.NewGuid() }).ToList();
            await AssertReadsOnlyByPrimaryKeyAsync(ExecutionWriter.FinishCommand(finishing, new Dictionary<long, CellUpdate>()), size, $"finishing {size} cells, {state}");
            await AssertReadsOnlyByPrimaryKeyAsync(ExecutionWriter.StartCommand(starting), size, $"starting {size} cells, {state}");
        }
    }

    private async Task<List<long>> PendingIdsAsync(Guid job, int count, bool odd)
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        // Cells from the middle of the job, spread as a lane's are (one in every few).
        await using var read = new NpgsqlCommand(
            $"SELECT id FROM executions WHERE job_id = @job AND status = '{ExecutionStatus.Pending}' {(odd ? "AND id % 2 = 1" : "")} AND id % 3 = 0 ORDER BY id OFFSET 1000 LIMIT @count",
            connection);
        read.Parameters.AddWithValue("job", job);
        read.Parameters.AddWithValue("count", count);
        var ids = new List<long>();
        await using var reader = await read.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            ids.Add(reader.GetInt64(0));
        }
        Assert.Equal(count, ids.Count);
        return ids;
    }

    private async Task AssertReadsOnlyByPrimaryKeyAsync(NpgsqlCommand command, int cells, string what)
    {
        await using var connection = new NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var pin = new NpgsqlCommand(ExecutionWriter.PinPlansSql, connection, transaction))
        {
            await pin.ExecuteNonQueryAsync();
        }
        await using (command)
        {
            command.Connection = connection;
            command.Transaction = transaction;
            command.CommandText = "EXPLAIN (ANALYZE, FORMAT JSON) " + command.CommandText;
            using var plan = JsonDocument.Parse((string)(await command.ExecuteScalarAsync())!);
            var scans = Nodes(plan.RootElement[0].GetProperty("Plan"))
                .Where(n => n.TryGetProperty("Relation Name", out var r) && r.GetString() == "executions" && n.GetProperty("Node Type").GetString() != "ModifyTable")
                .ToList();
            var text = plan.RootElement.ToString();
            Assert.True(scans.Count == 1, $"{what}: one scan of executions expected, plan: {text}");
            var scan = scans[0];
            Assert.True(scan.GetProperty("Node Type").GetString() is "Index Scan" or "Index Only Scan"
                && scan.GetProperty("Index Name").GetString() == PrimaryKey
                && scan.GetProperty("Index Cond").GetString()!.Contains("id = u.id", StringComparison.Ordinal),
                $"{what}: each cell should be read by the primary key, plan: {text}");
            var rowsRead = scan.GetProperty("Actual Rows").GetDouble() * scan.GetProperty("Actual Loops").GetDouble();
            Assert.True(rowsRead <= cells, $"{what}: {rowsRead} rows read for {cells} cells, plan: {text}");
        }
        await transaction.RollbackAsync();
    }

    private static IEnumerable<JsonElement> Nodes(JsonElement node)
    {
        yield return node;
        if (node.TryGetProperty("Plans", out var children))
        {
            foreach (var child in children.EnumerateArray().SelectMany(Nodes))
            {
                yield return child;
            }
        }
    }
}
