using Beacon.Core.Analysis.Correction;

namespace Beacon.Core.Review;

/// <summary>
/// Raw and corrected refusal rates side by side for one group of answers: one (model, region), one answer language, or
/// all (null fields). The raw rate is the share of answers the classifier called refusals (Wilson interval over the
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
    double? Recall);
