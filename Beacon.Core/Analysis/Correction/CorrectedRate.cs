namespace Beacon.Core.Analysis.Correction;

/// <summary>
/// A refusal rate corrected for classification error by <see cref="TwoPhaseEstimator"/>, with its interval.
/// <see cref="Rate"/>, <see cref="Lower"/> and <see cref="Upper"/> are null without answers. <see cref="UnreviewedAnswers"/>
/// counts answers in strata nobody reviewed; they count as the classifier said (<see cref="Complete"/> is false), so the
/// interval leaves out their classification error.
/// </summary>
public sealed record CorrectedRate(
    double? Rate,
    double? Lower,
    double? Upper,
    double? StandardError,
    int Answers,
    int Reviewed,
    int UnreviewedAnswers,
    int FirstPhaseUnits,
    double Confidence)
{
    public bool Complete => UnreviewedAnswers == 0;

    public static CorrectedRate Empty(double confidence) => new(null, null, null, null, 0, 0, 0, 0, confidence);
}
