namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Keyword-group mentions in the answered executions of one model (or all models when <see cref="Model"/> is null) in
/// one region, every group present. Mentions, not stance; compare with <see cref="Answers"/> in mind.
/// </summary>
public sealed record KeywordCounts(string? Model, string Region, int Answers, IReadOnlyDictionary<string, int> Mentions);
