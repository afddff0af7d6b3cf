using System.Text.Json;

namespace Beacon.Core.Analysis;

/// <summary>
/// What an LLM judge's reply says, read strictly: a JSON object {"class": "substantive|partial|refusal", "reason": "..."}
/// (a Markdown code fence around it is tolerated, nothing else). Anything else is a judge failure with
/// <see cref="Error"/> saying why; the judge's words are never guessed at.
/// </summary>
public sealed record JudgeVerdict(ResponseClass? Class, string? Reason, string? Error)
{
    public bool Parsed => Class is not null;

    public static JudgeVerdict Parse(string? reply)
    {
        if (string.IsNullOrWhiteSpace(reply))
        {
            return Failure("The judge returned no text.");
        }
        var text = StripFence(reply.Trim());
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(text);
        }
        catch (JsonException)
        {
            return Failure("The judge's reply is not a JSON object.");
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return Failure("The judge's reply is not a JSON object.");
            }
            if (!root.TryGetProperty("class", out var value) || value.ValueKind != JsonValueKind.String)
            {
                return Failure("The judge's reply has no \"class\" string.");
            }
            ResponseClass? @class = value.GetString()!.Trim().ToLowerInvariant() switch
            {
                "substantive" => ResponseClass.Substantive,
                "partial" => ResponseClass.Partial,
                "refusal" => ResponseClass.Refusal,
                _ => null,
            };
            if (@class is null)
            {
                return Failure($"The judge's class \"{Shorten(value.GetString()!, 40)}\" is not substantive, partial or refusal.");
            }
            var reason = root.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
            return new JudgeVerdict(@class, string.IsNullOrWhiteSpace(reason) ? null : reason.Trim(), null);
        }
    }

    private static JudgeVerdict Failure(string error) => new(null, null, error);

    private static string StripFence(string text)
    {
        if (!text.StartsWith("```", StringComparison.Ordinal) || !text.EndsWith("```", StringComparison.Ordinal) || text.Length < 6)
        {
            return text;
        }
        var body = text[3..^3];
        var newline = body.IndexOf('\n', StringComparison.Ordinal);
        // The fence's language tag ("json") sits on the opening line.
        return (newline >= 0 && !body[..newline].Contains('{', StringComparison.Ordinal) ? body[(newline + 1)..] : body).Trim();
    }

    private static string Shorten(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
