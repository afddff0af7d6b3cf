namespace Beacon.Infrastructure.Services;

/// <summary>One line of the human-labels JSONL export (and of an evaluation set imported back).</summary>
public sealed record HumanLabelRecord(
    Guid JobId,
    long ExecutionId,
    string QuestionId,
    string Question,
    string Answer,
    string Model,
    string Region,
    string Language,
    string? ClassifierClass,
    string? ClassifierVersion,
    string? HumanClass,
    bool Skipped,
    string? Note,
    string Reviewer,
    DateTimeOffset LabelledAt);
