using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

/// <summary>One hand-labelled line of gold-set.jsonl.</summary>
public sealed record GoldSetCase(
    string Id,
    string? Question,
    string? Answer,
    bool Answered,
    ResponseClass Expected,
    string Note,
    string? ErrorCode = null,
    bool Moderated = false)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public ClassificationInput ToInput() => new(Answer, Answered, ErrorCode, Moderated, Question);

    public static IReadOnlyList<GoldSetCase> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Analysis", "gold-set.jsonl");
        return File.ReadLines(path)
            .Where(line => !string.IsNullOrWhiteSpace(line))
            .Select(line => JsonSerializer.Deserialize<GoldSetCase>(line, Options)
                ?? throw new InvalidDataException($"Unreadable gold-set line: {line}"))
            .ToList();
    }
}
