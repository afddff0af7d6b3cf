using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Infrastructure.Services;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// The payloads of <see cref="LiveChannels.Executions"/>: <c>{"jobId": ..., "ids": [...]}</c>, and from the worker's
/// writer also <c>"rows": [...]</c>, the changed rows as committed (<see cref="ExecutionRow"/>, camelCase). One format,
/// written and read here.
/// </summary>
public static class LiveNotification
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The rows' payloads, each below <paramref name="maxBytes"/> (as many as their size needs).</summary>
    public static IReadOnlyList<string> RowPayloads(Guid jobId, IReadOnlyList<ExecutionRow> rows, int maxBytes)
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
            var rowSize = Encoding.UTF8.GetByteCount(rowJson) + 1 + row.Id.ToString(System.Globalization.CultureInfo.InvariantCulture).Length + 1;
            if (json.Count > 0 && overhead + size + rowSize > maxBytes)
            {
                payloads.Add(Payload(jobId, ids, json));
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
            payloads.Add(Payload(jobId, ids, json));
        }
        return payloads;
    }

    /// <summary>Reads an executions payload: the changed ids, and the rows when the payload carries them (else empty).</summary>
    public static (Guid JobId, long[] Ids, ExecutionRow[] Rows) ReadExecutions(JsonElement root)
    {
        var jobId = root.GetProperty("jobId").GetGuid();
        var ids = root.GetProperty("ids").EnumerateArray().Select(i => i.GetInt64()).ToArray();
        var rows = root.TryGetProperty("rows", out var r) ? r.Deserialize<ExecutionRow[]>(Json) ?? [] : [];
        return (jobId, ids, rows);
    }

    private static string Payload(Guid jobId, List<long> ids, List<string> rows) =>
        $$"""{"jobId":"{{jobId}}","ids":[{{string.Join(',', ids)}}],"rows":[{{string.Join(',', rows)}}]}""";
}
