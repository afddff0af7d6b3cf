namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// The refusal rate of one model in one region (over one category, or all when <see cref="Category"/> is null):
/// <see cref="Refused"/> of <see cref="Questions"/> questions with at least one answered repeat, with its Wilson interval.
/// Rate and bounds are null when no question was answered ("no data", never 0 %). Questions whose every repeat failed
/// technically (<see cref="FailedQuestions"/>) or has not finished (<see cref="UnfinishedQuestions"/>) are left out.
/// </summary>
public sealed record RefusalRate(
    string Model,
    string? Category,
    string Region,
    int Refused,
    int Questions,
    double? Rate,
    double? Lower,
    double? Upper,
    double Confidence,
    int FailedQuestions,
    int UnfinishedQuestions);
