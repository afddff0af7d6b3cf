using System.Globalization;
using System.Text.Json;
using Beacon.Core.Abstractions;

namespace Beacon.Web.Components.Executions;

/// <summary>
/// One entry of an execution's attempt history (the JSON objects the lane appends), read leniently, with each HTTP
/// request of the attempt when recorded (older entries have none).
/// </summary>
public sealed record AttemptRecord(
    int? Attempt, string? Outcome, DateTimeOffset? StartedAt, double? Seconds, int? HttpStatus, int? HttpRequests,
    string? ErrorCode, string? ReportedRegion, string? RequestId, IReadOnlyList<HttpTry>? Requests = null)
{
    /// <summary>Whether the requests are worth listing: more than one, or one that failed.</summary>
    public bool ShowRequests => Requests is { Count: > 1 } || Requests?.Any(r => r.Failed) == true;

    public static IReadOnlyList<AttemptRecord> Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            return [];
        }
        try
        {
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return [];
            }
            return document.RootElement.EnumerateArray().Where(e => e.ValueKind == JsonValueKind.Object).Select(e => new AttemptRecord(
                Int(e, "attempt"), Text(e, "outcome"), Date(e, "started_at"), Number(e, "seconds"), Int(e, "http_status"),
                Int(e, "http_requests"), Text(e, "error_code"), Text(e, "reported_region"), Text(e, "request_id"), ParseRequests(e))).ToList();
        }
        catch (JsonException)
        {
            return [];
        }
    }

    /// <summary>The JSON indented for reading; the text as stored when it is not JSON.</summary>
    public static string Pretty(string json)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            return JsonSerializer.Serialize(document.RootElement, PrettyOptions);
        }
        catch (JsonException)
        {
            return json;
        }
    }

    private static readonly JsonSerializerOptions PrettyOptions = new()
    {
        WriteIndented = true,
        // Answers and receipts hold Chinese and punctuation: show them as written, not as \uXXXX escapes.
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static List<HttpTry>? ParseRequests(JsonElement e) =>
        e.TryGetProperty("requests", out var v) && v.ValueKind == JsonValueKind.Array
            ? v.EnumerateArray().Where(r => r.ValueKind == JsonValueKind.Object)
                .Select(r => new HttpTry(Text(r, "method") ?? "?", Int(r, "status"), Text(r, "error"), Number(r, "seconds") ?? 0)).ToList()
            : null;

    private static string? Text(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) ? v.ValueKind switch
        {
            JsonValueKind.String => v.GetString(),
            JsonValueKind.Null or JsonValueKind.Undefined => null,
            _ => v.GetRawText(),
        } : null;

    private static int? Int(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    private static double? Number(JsonElement e, string name) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetDouble(out var d) ? d : null;

    private static DateTimeOffset? Date(JsonElement e, string name) =>
        Text(e, name) is { } s && DateTimeOffset.TryParse(s, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var d) ? d : null;
}
