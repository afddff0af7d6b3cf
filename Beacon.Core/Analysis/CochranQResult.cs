namespace Beacon.Core.Analysis;

/// <summary>
/// Cochran's Q for k >= 3 paired binary conditions (e.g. refused in US / EU / APAC on the same questions).
/// <see cref="InformativeSubjects"/> counts subjects whose outcomes are not all equal: only they carry information.
/// Both p-values are kept: <see cref="ExactPValue"/> (conditional on every subject's row total; null only when that
/// distribution is too large to enumerate) and <see cref="ChiSquarePValue"/> (the χ²(k - 1) approximation, commonly
/// trusted only when InformativeSubjects x k >= 24, <see cref="ApproximationAdequate"/>). <see cref="PValue"/> is the one
/// <see cref="Method"/> names: the exact one whenever it exists.
/// </summary>
public sealed record CochranQResult(
    double Q,
    int DegreesOfFreedom,
    double ChiSquarePValue,
    double? ExactPValue,
    int Subjects,
    int InformativeSubjects,
    IReadOnlyList<int> SuccessesPerTreatment)
{
    public bool ApproximationAdequate => InformativeSubjects * (DegreesOfFreedom + 1) >= 24;

    public CochranQMethod Method => ExactPValue is null ? CochranQMethod.ChiSquare : CochranQMethod.ExactConditional;

    public double PValue => ExactPValue ?? ChiSquarePValue;

    /// <summary>
    /// The smallest p-value the exact test could give for these row totals (all informative subjects' successes in the
    /// same treatments): when it is at least 0.05, no outcome on these questions could have been significant.
    /// Null when the exact distribution was not computed.
    /// </summary>
    public double? SmallestPossiblePValue { get; init; }
}
