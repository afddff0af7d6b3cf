namespace Beacon.Core.Review;

/// <summary>
/// What a review sample of a given size would be, before it is drawn: the strata, how many answers in total, and the
/// expected half-width of the corrected rate's 95% interval, overall and for the least precise (model, region).
/// </summary>
public sealed record ReviewPlan(
    IReadOnlyList<ReviewStratum> Strata,
    int Answers,
    int ToReview,
    double OverallHalfWidth,
    double WorstModelRegionHalfWidth,
    string WorstModelRegion);
