namespace Beacon.Core.Analysis.Statistics;

/// <summary>What the statistics rest on: how many executions were answered, failed, not finished or set by hand.</summary>
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
    IReadOnlyList<string> ClassifierVersions,
    string CurrentClassifierVersion,
    bool Finished);
