using Npgsql;

namespace Beacon.Benchmarks;

/// <summary>A fresh database per run on the local PostgreSQL (scripts/ensure-postgres.sh prints the connection string).</summary>
public sealed class BenchmarkDatabase(string admin, string name) : IAsyncDisposable
{
    public string ConnectionString { get; } = new NpgsqlConnectionStringBuilder(admin) { Database = name }.ConnectionString;

    public static async Task<BenchmarkDatabase> CreateAsync(string admin)
    {
        var name = "beacon_bench_" + DateTime.UtcNow.ToString("yyyyMMddHHmmss", System.Globalization.CultureInfo.InvariantCulture);
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await cmd.ExecuteNonQueryAsync();
        return new BenchmarkDatabase(admin, name);
    }

    public async Task<T> ScalarAsync<T>(string sql, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        cmd.Parameters.AddWithValue("id", jobId);
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql, Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        cmd.Parameters.AddWithValue("id", jobId);
        await cmd.ExecuteNonQueryAsync();
    }

    /// <summary>Every execution of a job: id, status and completed_at (when the worker had the answer, before its batch committed).</summary>
    public async Task<List<(long Id, string Status, DateTimeOffset? CompletedAt)>> ExecutionTimesAsync(Guid jobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand("SELECT id, status, completed_at FROM executions WHERE job_id = @id", connection);
        cmd.Parameters.AddWithValue("id", jobId);
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<(long, string, DateTimeOffset?)>();
        while (await reader.ReadAsync())
        {
            rows.Add((reader.GetInt64(0), reader.GetString(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
        }
        return rows;
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{new NpgsqlConnectionStringBuilder(ConnectionString).Database}\" WITH (FORCE)", connection);
        await cmd.ExecuteNonQueryAsync();
    }
}
