namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Does one model's refusal rate change with one <see cref="Factor"/> while the others are held fixed? A unit is a
/// question group x repeat with every other factor's value fixed (<see cref="HeldFixed"/> says which); only units
/// answered at every level are paired (<see cref="Units"/>; <see cref="IncompleteUnits"/> lack a level).
/// McNemar for two levels (exact below 25 discordant units), Cochran's Q with Holm-adjusted pairwise McNemar tests for
/// three or more, as for regions.
/// </summary>
public sealed record FactorComparison(
    Factor Factor,
    string Model,
    IReadOnlyList<string> Levels,
    string HeldFixed,
    int Units,
    int IncompleteUnits,
    IReadOnlyDictionary<string, int> RefusedPerLevel,
    PairedTest Test,
    double? PValue,
    McNemarResult? McNemar,
    CochranQResult? CochranQ,
    IReadOnlyList<PairwiseComparison> Pairwise,
    string? Note)
{
    public bool Significant => PValue is < 0.05;
}
