using Beacon.Core.Analysis.Correction;

namespace Beacon.Core.Review;

/// <summary>
/// Raw and corrected refusal rates side by side for one group of answers: one (model, region), one answer language, or
/// all (null fields), of one job or pooled over the jobs of a review sample (<see cref="Job"/> null). The raw rate is the share of answers the classifier called refusals (Wilson interval over the
/// independent cells); the corrected one is <see cref="TwoPhaseEstimator"/>'s. <see cref="Precision"/> and
/// <see cref="Recall"/> measure the classifier's "refusal" against the human labels: precision among reviewed predicted
/// refusals, recall as the estimated share of true refusals it found (weighted by stratum sizes).
/// </summary>
public sealed record CorrectedRefusalRate(
    string? Model,
    string? Region,
    string? Language,
    int Answers,
    int ClassifiedRefusals,
    double? RawRate,
    double? RawLower,
    double? RawUpper,
    CorrectedRate Corrected,
    double? Precision,
    double? Recall)
{
    /// <summary>The job these answers belong to; null when pooled over every job of the sample.</summary>
    public Guid? Job { get; init; }
}
