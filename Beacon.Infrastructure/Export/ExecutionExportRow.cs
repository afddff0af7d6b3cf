namespace Beacon.Infrastructure.Export;

/// <summary>
/// One execution as exported. <see cref="Class"/> is the class the statistics use (the override when there is one);
/// <see cref="ClassifierClass"/> is the classifier's, with the version and rule that decided it. The placement is the raw
/// one the endpoint reported, with Beacon's verdict (Verified, Mismatch, Unverified, Declared). <see cref="Repeat"/> counts
/// from 1, as the pages number repeats.
/// </summary>
public sealed record ExecutionExportRow(
    long ExecutionId,
    string QuestionId,
    string Category,
    string Language,
    string Prompt,
    string Model,
    string Region,
    int Repeat,
    string Status,
    string? Class,
    string? ClassifierClass,
    string? ClassifierVersion,
    string? ClassificationRule,
    string? ClassificationEvidence,
    string? OverrideClass,
    string? OverrideBy,
    DateTimeOffset? OverrideAt,
    string? OverrideNote,
    string? Response,
    string? ErrorCode,
    string? ErrorMessage,
    int AttemptCount,
    int? TokensGenerated,
    double? InferenceSeconds,
    string? ReportedRegion,
    bool RegionMismatch,
    bool Emulated,
    bool Moderated,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    string SystemPrompt,
    string Persona,
    string? PlacementProvider = null,
    string? PlacementRegion = null,
    string? PlacementVerdict = null);
