namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// One (question, model, region) cell over its repeats. Technical failures and unfinished repeats are not answers.
/// <see cref="MajorityRefused"/> (refused in more than half of the answered repeats) is the outcome the rates and tests
/// use; null when no repeat was answered. <see cref="Agreement"/> is the share of answered repeats on the majority's side
/// (refused or not), null with fewer than two answered repeats.
/// </summary>
public sealed record CellStatistics(
    string QuestionId,
    string Category,
    string Model,
    string Region,
    int Substantive,
    int Partial,
    int Refused,
    int TechnicalFailures,
    int Unfinished,
    bool? MajorityRefused,
    double? Agreement)
{
    public int Answered => Substantive + Partial + Refused;
}
