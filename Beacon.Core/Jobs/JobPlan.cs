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
    IReadOnlyList<PlannedCell> Cells)
{
    /// <summary>The (model, region) pairs; each is run as one lane.</summary>
    public IEnumerable<(string Model, string Region)> Lanes =>
        Models.SelectMany(m => Regions.Select(r => (m, r)));
}
