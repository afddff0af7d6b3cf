namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Do one model's refusals differ across regions on the same questions (one category, or all when
/// <see cref="Category"/> is null)? Only questions answered in every region are paired (<see cref="Questions"/>);
/// <see cref="RefusedPerRegion"/> counts refusals among them. <see cref="PValue"/> is the reported test's p-value.
/// </summary>
public sealed record RegionComparison(
    string Model,
    string? Category,
    IReadOnlyList<string> Regions,
    int Questions,
    int IncompleteQuestions,
    IReadOnlyDictionary<string, int> RefusedPerRegion,
    PairedTest Test,
    double? PValue,
    McNemarResult? McNemar,
    CochranQResult? CochranQ,
    IReadOnlyList<PairwiseComparison> Pairwise,
    string? Note);
