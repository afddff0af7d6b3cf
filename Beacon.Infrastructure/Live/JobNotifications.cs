using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Npgsql;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// The one place live notifications are written and read: the two PostgreSQL NOTIFY channels and their payloads
/// (<see cref="ExecutionsPayload"/>, <see cref="JobPayload"/>). Writers pass their open transaction: a notification
/// issued inside the writing transaction is delivered only at COMMIT (and never after a rollback), so nothing is
/// announced that is not committed. <see cref="PostgresListener"/> reads them back with <see cref="Read"/>.
/// </summary>
public static class JobNotifications
{
    public const string ExecutionsChannel = "beacon_executions";
    public const string JobsChannel = "beacon_jobs";

    /// <summary>What the listener runs to hear both channels.</summary>
    public const string ListenSql = $"LISTEN {ExecutionsChannel}; LISTEN {JobsChannel};";

    /// <summary>PostgreSQL refuses payloads of 8,000 bytes and more; rows are split over notifications below this.</summary>
    public const int MaxPayloadBytes = 7000;

    /// <summary>Ids per notification when only ids are sent (a few bytes each: well below <see cref="MaxPayloadBytes"/>).</summary>
    private const int IdsPerPayload = 400;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    // A job payload names either a status or a lane, never both as null.
    private static readonly JsonSerializerOptions JobJson = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>Announces changed cells by id (subscribers read the rows), in notifications of at most 400 ids.</summary>
    public static Task ExecutionsChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, IReadOnlyCollection<long> ids) =>
        NotifyAsync(connection, transaction, ExecutionsChannel, ExecutionsPayloads(jobId, ids));

    /// <summary>
    /// Announces changed cells with their rows as committed (read back by the writing statement's RETURNING), so a
    /// subscriber applies them without reading the database; split over as many notifications as their size needs.
    /// </summary>
    public static Task RowsChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, IReadOnlyList<ExecutionRow> rows) =>
        NotifyAsync(connection, transaction, ExecutionsChannel, ExecutionsPayloads(jobId, rows, MaxPayloadBytes));

    public static Task JobStatusChangedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, JobStatus status) =>
        NotifyAsync(connection, transaction, JobsChannel, [Write(new JobPayload(jobId, status.ToString(), null))]);

    public static Task LaneStageChangedAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, Guid jobId, string model, string region, LaneStage stage) =>
        NotifyAsync(connection, transaction, JobsChannel, [Write(new JobPayload(jobId, null, new LaneEvent(model, region, stage.ToString())))]);

    /// <summary>The payloads announcing <paramref name="ids"/>, without rows.</summary>
    public static IReadOnlyList<string> ExecutionsPayloads(Guid jobId, IReadOnlyCollection<long> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return ids.Chunk(IdsPerPayload).Select(chunk => JsonSerializer.Serialize(new IdsOnly(jobId, chunk), Json)).ToList();
    }

    /// <summary>The payloads carrying <paramref name="rows"/>, each below <paramref name="maxBytes"/> (as many as their size needs).</summary>
    public static IReadOnlyList<string> ExecutionsPayloads(Guid jobId, IReadOnlyList<ExecutionRow> rows, int maxBytes)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var payloads = new List<string>();
        var ids = new List<long>();
        var json = new List<string>();
        var size = 0;
        var overhead = Encoding.UTF8.GetByteCount($$"""{"jobId":"{{jobId}}","ids":[],"rows":[]}""");
        foreach (var row in rows)
        {
            var rowJson = JsonSerializer.Serialize(row, Json);
            var rowSize = Encoding.UTF8.GetByteCount(rowJson) + 1 + row.Id.ToString(CultureInfo.InvariantCulture).Length + 1;
            if (json.Count > 0 && overhead + size + rowSize > maxBytes)
            {
                payloads.Add(WithRows(jobId, ids, json));
                ids.Clear();
                json.Clear();
                size = 0;
            }
            ids.Add(row.Id);
            json.Add(rowJson);
            size += rowSize;
        }
        if (json.Count > 0)
        {
            payloads.Add(WithRows(jobId, ids, json));
        }
        return payloads;
    }

    public static string Write(JobPayload payload) => JsonSerializer.Serialize(payload, JobJson);

    /// <summary>
    /// The event a notification announces; null for a channel that is not Beacon's. A malformed payload throws
    /// <see cref="JsonException"/>, <see cref="KeyNotFoundException"/>, <see cref="InvalidOperationException"/> or
    /// <see cref="FormatException"/>.
    /// </summary>
    public static JobEvent? Read(string channel, string payload) => channel switch
    {
        ExecutionsChannel => ToEvent(ReadExecutions(payload)),
        JobsChannel => ToEvent(ReadJob(payload)),
        _ => null,
    };

    public static ExecutionsPayload ReadExecutions(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        var jobId = root.GetProperty("jobId").GetGuid();
        var ids = root.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToArray();
        var rows = root.TryGetProperty("rows", out var r) ? r.Deserialize<ExecutionRow[]>(Json) ?? [] : [];
        return new ExecutionsPayload(jobId, ids, rows);
    }

    public static JobPayload ReadJob(string payload)
    {
        using var json = JsonDocument.Parse(payload);
        var root = json.RootElement;
        var jobId = root.GetProperty("jobId").GetGuid();
        if (root.TryGetProperty("lane", out var lane))
        {
            return new JobPayload(jobId, null,
                new LaneEvent(lane.GetProperty("model").GetString()!, lane.GetProperty("region").GetString()!, lane.GetProperty("stage").GetString()!));
        }
        return new JobPayload(jobId, root.TryGetProperty("status", out var s) ? s.GetString() : null, null);
    }

    private static JobEvent ToEvent(ExecutionsPayload p) => new(p.JobId, p.Ids, null, null) { Rows = p.Rows };

    private static JobEvent ToEvent(JobPayload p) => new(p.JobId, [], p.Lane is null ? p.Status : null, p.Lane);

    private static string WithRows(Guid jobId, List<long> ids, List<string> rows) =>
        $$"""{"jobId":"{{jobId}}","ids":[{{string.Join(',', ids)}}],"rows":[{{string.Join(',', rows)}}]}""";

    /// <summary>Sends the payloads in order, in one round trip, inside <paramref name="transaction"/>.</summary>
    private static async Task NotifyAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string channel, IReadOnlyList<string> payloads)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        if (payloads.Count == 0)
        {
            return;
        }
        // Once the change is written, its announcement is not abandoned halfway: the COMMIT decides whether it is sent.
        await using var notify = new NpgsqlCommand("SELECT count(pg_notify(@channel, p)) FROM unnest(@payloads) AS p", connection, transaction);
        notify.Parameters.AddWithValue("channel", channel);
        notify.Parameters.Add(new NpgsqlParameter<string[]>("payloads", payloads.ToArray()));
        await notify.ExecuteNonQueryAsync(CancellationToken.None);
    }

    private sealed record IdsOnly(Guid JobId, long[] Ids);
}
