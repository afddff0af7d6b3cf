using System.Text.Json;
using System.Text.Json.Serialization;

namespace Beacon.Core.Analysis;

/// <summary>
/// What the shipped classifier was built on and how well it does on answers it never saw: written by
/// tools/Beacon.ClassifierTraining next to the model and embedded in Beacon.Core (<see cref="ResourceName"/>), so
/// the figures a page shows always belong to the classifier that runs. <see cref="Current"/> is loaded once.
/// </summary>
public sealed record ClassifierCard(
    string Version,
    DateOnly BuiltOn,
    string Description,
    IReadOnlyList<ClassifierCardSource> Sources,
    IReadOnlyList<ClassifierCardFigure> Figures,
    IReadOnlyList<string> KnownFailureModes,
    IReadOnlyList<ClassifierCardTarget> Targets)
{
    public const string ResourceName = "Beacon.Core.Analysis.Model.classifier-card.json";

    private static readonly Lazy<ClassifierCard> Embedded = new(LoadEmbedded);

    /// <summary>camelCase, indented: the format of classifier-card.json.</summary>
    public static JsonSerializerOptions SerializerOptions { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The card of the classifier compiled into this build.</summary>
    public static ClassifierCard Current => Embedded.Value;

    public static ClassifierCard Parse(string json) =>
        JsonSerializer.Deserialize<ClassifierCard>(json, SerializerOptions)
            ?? throw new InvalidDataException("The classifier card is empty.");

    public string ToJson() => JsonSerializer.Serialize(this, SerializerOptions);

    /// <summary>The figures for one split, source ("all" for every source) and language ("all" for every language).</summary>
    public IEnumerable<ClassifierCardFigure> FiguresFor(string split, string source = "all", string language = "all") =>
        Figures.Where(f => f.Split == split && f.Source == source && f.Language == language);

    private static ClassifierCard LoadEmbedded()
    {
        using var stream = typeof(ClassifierCard).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The classifier card resource {ResourceName} is missing from Beacon.Core.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd());
    }
}
