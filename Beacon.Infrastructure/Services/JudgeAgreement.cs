using Beacon.Core.Analysis;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// How an LLM judge and the built-in classifier agree on one job: over the answered executions with a judge verdict
/// (the latest one of each), the confusion table and Cohen's kappa; and what the figures rest on (judge models and
/// rubric versions, classifier versions), how many answers failed to get a verdict or await one, and what judging cost.
/// </summary>
public sealed record JudgeAgreement(
    Guid JobId,
    bool JudgeConfigured,
    string? ConfiguredJudgeModel,
    bool JudgeRequested,
    int Answered,
    int Judged,
    int JudgeFailures,
    int NotJudged,
    IReadOnlyList<string> Judges,
    IReadOnlyList<string> ClassifierVersions,
    decimal? CostUsd,
    ClassAgreement Agreement);
