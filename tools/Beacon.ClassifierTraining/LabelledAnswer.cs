using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core.Analysis;

namespace Beacon.ClassifierTraining;

/// <summary>One labelled answer of data/classifier/*.jsonl.gz (written by scripts/classifier/build_sets.py).</summary>
public sealed record LabelledAnswer(
    string Id,
    string Source,
    string Split,
    string Model,
    string Language,
    string? Question,
    string? Answer,
    ResponseClass Expected,
    bool Answered = true,
    string? ErrorCode = null,
    bool Moderated = false)
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNameCaseInsensitive = true,
        Converters = { new JsonStringEnumConverter() },
    };

    public ClassificationInput ToInput() => new(Answer, Answered, ErrorCode, Moderated, Question);

    public static List<LabelledAnswer> Load(string path)
    {
        using var file = File.OpenRead(path);
        using Stream stream = path.EndsWith(".gz", StringComparison.Ordinal) ? new GZipStream(file, CompressionMode.Decompress) : file;
        using var reader = new StreamReader(stream);
        var rows = new List<LabelledAnswer>();
        while (reader.ReadLine() is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                rows.Add(JsonSerializer.Deserialize<LabelledAnswer>(line, Options) ?? throw new InvalidDataException(line));
            }
        }

        return rows;
    }
}
