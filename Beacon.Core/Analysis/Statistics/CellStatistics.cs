namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// One (question, model, region) cell over its repeats. Technical failures and unfinished repeats are not answers.
/// <see cref="MajorityRefused"/> (refused in more than half of the answered repeats) is the outcome the rates and tests
/// use; null when no repeat was answered. <see cref="Agreement"/> is the share of answered repeats on the majority's side
/// (refused or not), null with fewer than two answered repeats. <see cref="RepeatsDisagree"/> is true when the answered repeats
/// got different classes of any kind (substantive vs partial counts too), which <see cref="Agreement"/> alone would hide.
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

    public bool RepeatsDisagree => (Substantive > 0 ? 1 : 0) + (Partial > 0 ? 1 : 0) + (Refused > 0 ? 1 : 0) > 1;
}
