using Npgsql;

namespace Beacon.Tests.Shared;

/// <summary>
/// A fresh PostgreSQL database for one test class on the real server that scripts/test.sh starts
/// (BEACON_TEST_POSTGRES). Dropped afterwards.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string _admin;

    private TestDatabase(string admin, string name, string connectionString)
    {
        _admin = admin;
        Name = name;
        ConnectionString = connectionString;
    }

    public string Name { get; }
    public string ConnectionString { get; }

    public static async Task<TestDatabase> CreateAsync()
    {
        var admin = Environment.GetEnvironmentVariable("BEACON_TEST_POSTGRES")
            ?? throw new InvalidOperationException("BEACON_TEST_POSTGRES is not set: run the tests with scripts/test.sh, which starts PostgreSQL.");
        var name = "beacon_t_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(admin))
        {
            await connection.OpenAsync();
            await using var cmd = new NpgsqlCommand($"CREATE DATABASE \"{name}\" TEMPLATE template0", connection);
            await cmd.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(admin) { Database = name, Pooling = true, MaxPoolSize = 60 };
        return new TestDatabase(admin, name, builder.ConnectionString);
    }

    public async ValueTask DisposeAsync()
    {
        // Only this database's pool: clearing every pool would break connections other tests are using.
        await using (var own = new NpgsqlConnection(ConnectionString))
        {
            NpgsqlConnection.ClearPool(own);
        }
        await using var connection = new NpgsqlConnection(_admin);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await cmd.ExecuteNonQueryAsync();
    }

    public async Task<T> ScalarAsync<T>(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return (T)(await cmd.ExecuteScalarAsync())!;
    }

    public async Task<int> ExecuteAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            cmd.Parameters.AddWithValue(name, value);
        }
        return await cmd.ExecuteNonQueryAsync();
    }
}
