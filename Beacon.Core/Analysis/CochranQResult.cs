namespace Beacon.Core.Analysis;

/// <summary>
/// Cochran's Q for k >= 3 paired binary conditions (e.g. refused in US / EU / APAC on the same questions).
/// <see cref="InformativeSubjects"/> counts subjects whose outcomes are not all equal: only they carry information.
/// The chi-square approximation is commonly trusted when InformativeSubjects x k >= 24
/// (<see cref="ApproximationAdequate"/>); below that treat the p-value as rough.
/// </summary>
public sealed record CochranQResult(
    double Q,
    int DegreesOfFreedom,
    double PValue,
    int Subjects,
    int InformativeSubjects,
    IReadOnlyList<int> SuccessesPerTreatment)
{
    public bool ApproximationAdequate => InformativeSubjects * (DegreesOfFreedom + 1) >= 24;
}
