using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

/// <summary>One real, labelled model answer of data/classifier/*.jsonl.gz (see data/classifier/README.md).</summary>
public sealed record RealAnswerCase(string Id, string Source, string Model, string Language, string? Question, string? Answer, ResponseClass Expected)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public ClassificationInput ToInput() => new(Answer, Answered: true, Question: Question);

    /// <summary>The committed held-out split: whole held-out models and the whole held-out reference set.</summary>
    public static IReadOnlyList<RealAnswerCase> LoadHeldOut() => [.. Load("held-out.jsonl.gz"), .. Load("gold.jsonl.gz")];

    /// <summary>The held-out Chinese answers converted to traditional script (a converted copy, not real zh-Hant answers).</summary>
    public static IReadOnlyList<RealAnswerCase> LoadConvertedTraditional() => Load("held-out-zh-Hant-converted.jsonl.gz");

    private static List<RealAnswerCase> Load(string file)
    {
        using var stream = new GZipStream(File.OpenRead(Path.Combine(AppContext.BaseDirectory, "Analysis", "RealAnswers", file)), CompressionMode.Decompress);
        using var reader = new StreamReader(stream);
        var rows = new List<RealAnswerCase>();
        while (reader.ReadLine() is { } line)
        {
            rows.Add(JsonSerializer.Deserialize<RealAnswerCase>(line, Options) ?? throw new InvalidDataException(line));
        }

        return rows;
    }
}
