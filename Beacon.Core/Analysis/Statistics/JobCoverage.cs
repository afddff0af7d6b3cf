namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// What the statistics rest on: how many executions were answered, failed, not finished or set by hand.
/// <see cref="Verified"/> counts finished executions whose placement was verified; with <see cref="VerifiedOnly"/> the
/// statistics use only those, and <see cref="LeftOutUnverified"/> finished executions were left out.
/// <see cref="CellsWhereRepeatsDisagree"/> counts cells whose answered repeats got different classes (any two of
/// substantive, partial, refusal); <see cref="CellsWhereRepeatsSplitOnRefusal"/> the subset where some repeats were
/// refusals and others not, which is what can change a cell's refused/answered outcome.
/// </summary>
public sealed record JobCoverage(
    int Executions,
    int Answered,
    int TechnicalFailures,
    int Unfinished,
    int Overridden,
    int Questions,
    int Repeats,
    int CellsWithRepeats,
    int CellsWhereRepeatsDisagree,
    int CellsWhereRepeatsSplitOnRefusal,
    IReadOnlyList<string> ClassifierVersions,
    string CurrentClassifierVersion,
    bool Finished,
    int Verified = 0,
    bool VerifiedOnly = false,
    int LeftOutUnverified = 0);
