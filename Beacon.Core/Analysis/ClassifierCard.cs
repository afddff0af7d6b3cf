using System.Reflection;
using System.Text.Json;

namespace Beacon.Core.Analysis;

/// <summary>
/// What the current classifier is and how far it can be trusted: its version, what it was built and measured on
/// (sources with licences, item counts and roles), its measured figures with 95% intervals, the targets and whether they
/// are met, and its known failure modes. Shipped with the classifier as Analysis/Model/classifier-card.json (embedded).
/// </summary>
public sealed record ClassifierCard
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private static readonly Lazy<ClassifierCard> Embedded = new(LoadEmbedded);

    public string Version { get; init; } = "";
    /// <summary>The date the classifier was built (yyyy-MM-dd).</summary>
    public string BuiltOn { get; init; } = "";
    public string Description { get; init; } = "";
    public IReadOnlyList<ClassifierCardSource> Sources { get; init; } = [];
    public IReadOnlyList<ClassifierCardFigure> Figures { get; init; } = [];
    public IReadOnlyList<string> KnownFailureModes { get; init; } = [];
    public IReadOnlyList<ClassifierCardTarget> Targets { get; init; } = [];

    /// <summary>The card of the classifier this build ships.</summary>
    public static ClassifierCard Current => Embedded.Value;

    /// <summary>Reads a card (camelCase JSON); missing lists read as empty.</summary>
    public static ClassifierCard Load(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var card = JsonSerializer.Deserialize<ClassifierCard>(stream, Json) ?? throw new InvalidDataException("The classifier card is empty.");
        // JSON may say null where a list belongs; the card never does.
        return card with
        {
            Version = card.Version ?? "",
            BuiltOn = card.BuiltOn ?? "",
            Description = card.Description ?? "",
            Sources = card.Sources ?? [],
            Figures = card.Figures ?? [],
            KnownFailureModes = card.KnownFailureModes ?? [],
            Targets = card.Targets ?? [],
        };
    }

    private static ClassifierCard LoadEmbedded()
    {
        const string name = "Beacon.Core.Analysis.Model.classifier-card.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"{name} is not embedded in Beacon.Core.");
        return Load(stream);
    }
}
