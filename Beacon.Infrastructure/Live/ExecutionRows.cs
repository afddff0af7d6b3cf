using System.Data.Common;
using Beacon.Core.Jobs;
using Npgsql;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// The one mapping of <c>executions</c> columns to <see cref="ExecutionRow"/>: the job page's reads and the worker's
/// <c>UPDATE ... RETURNING</c> (whose rows the notifications carry) select <see cref="Columns"/> and read them with
/// <see cref="ReadAllAsync"/>, so a page sees the same row whichever way it arrived.
/// </summary>
public static class ExecutionRows
{
    /// <summary>The columns of an <see cref="ExecutionRow"/> (table alias <c>e</c>), in its constructor's order.</summary>
    public const string Columns =
        "e.id, e.question_id, e.model_id, e.region, e.repeat_index, e.status, e.attempt_count, e.inference_seconds, e.reported_region, " +
        "e.region_mismatch, e.classification, e.error_code, e.emulated, e.started_at, e.completed_at, e.billed_seconds, e.cost_usd, " +
        "e.placement_verdict, e.placement_provider, e.placement_region, e.persona";

    /// <summary>Every execution of a job (with <paramref name="ids"/>, only those), by id.</summary>
    public static async Task<IReadOnlyList<ExecutionRow>> ReadAsync(
        NpgsqlConnection connection, Guid jobId, IReadOnlyCollection<long>? ids, CancellationToken cancellationToken)
    {
        await using var cmd = new NpgsqlCommand(
            ids is null
                ? $"SELECT {Columns} FROM executions AS e WHERE e.job_id = @job ORDER BY e.id"
                : $"SELECT {Columns} FROM executions AS e WHERE e.job_id = @job AND e.id = ANY(@ids) ORDER BY e.id",
            connection);
        cmd.Parameters.AddWithValue("job", jobId);
        if (ids is not null)
        {
            cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", ids.ToArray()));
        }
        var rows = new List<ExecutionRow>();
        await ReadAllAsync(cmd, rows, cancellationToken);
        return rows;
    }

    /// <summary>Runs a command that selects (or returns) <see cref="Columns"/> and adds its rows.</summary>
    public static async Task ReadAllAsync(DbCommand cmd, List<ExecutionRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cmd);
        ArgumentNullException.ThrowIfNull(rows);
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            rows.Add(new ExecutionRow(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(4),
                Enum.Parse<ExecutionStatus>(reader.GetString(5)), reader.GetInt32(6),
                reader.IsDBNull(7) ? null : reader.GetDouble(7),
                reader.IsDBNull(8) ? null : reader.GetString(8),
                reader.GetBoolean(9),
                reader.IsDBNull(10) ? null : reader.GetString(10),
                reader.IsDBNull(11) ? null : reader.GetString(11),
                reader.GetBoolean(12),
                reader.IsDBNull(13) ? null : reader.GetFieldValue<DateTimeOffset>(13),
                reader.IsDBNull(14) ? null : reader.GetFieldValue<DateTimeOffset>(14),
                reader.IsDBNull(15) ? null : reader.GetDouble(15),
                reader.IsDBNull(16) ? null : reader.GetDecimal(16),
                reader.IsDBNull(17) ? null : reader.GetString(17),
                reader.IsDBNull(18) ? null : reader.GetString(18),
                reader.IsDBNull(19) ? null : reader.GetString(19),
                reader.GetString(20)));
        }
    }
}
