namespace Beacon.Web.Hubs;

/// <summary>One changed execution as pushed to hub clients.</summary>
public sealed record ExecutionChange(
    long Id, string QuestionId, string Model, string Region, int RepeatIndex, string Status, int AttemptCount,
    string? Classification, string? ErrorCode, double? InferenceSeconds, DateTimeOffset? CompletedAt, string? OverrideClass = null);
