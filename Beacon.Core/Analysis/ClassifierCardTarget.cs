namespace Beacon.Core.Analysis;

/// <summary>
/// A goal from issue #12 for held-out real answers (e.g. refusal-or-partial recall >= 0.90), whether the shipped
/// classifier meets it, and the achieved value it was judged on. For "chinese recall gap", the threshold is a maximum.
/// </summary>
public sealed record ClassifierCardTarget(string Metric, double Threshold, bool Met, double? Achieved = null, string? Scope = null);
