using Beacon.Core.Questions;

namespace Beacon.Core.Jobs;

public sealed record JobPlan(
    string Name,
    IReadOnlyList<Question> Questions,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Regions,
    int Repeats,
    GenerationParameters Parameters,
    string SystemPromptTemplate,
    IReadOnlyList<PlannedCell> Cells,
    IReadOnlyList<string>? Personas = null)
{
    /// <summary>The personas as requested ("matched" resolved per region when planning); empty means matched only.</summary>
    public IReadOnlyList<string> RequestedPersonas => Personas ?? [];

    /// <summary>True when some cell's persona is not its serving region's (a crossed persona or the no-prompt control).</summary>
    public bool CrossesPersonas => Cells.Any(c => c.Persona != c.Region);

    /// <summary>The (model, region) pairs; each is run as one lane.</summary>
    public IEnumerable<(string Model, string Region)> Lanes =>
        Models.SelectMany(m => Regions.Select(r => (m, r)));
}
