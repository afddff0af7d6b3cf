using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Services;

/// <summary>One repeat of a matrix cell, opened in place: its full answer (or error) and its classes.</summary>
public sealed record MatrixAnswer(
    long Id,
    int RepeatIndex,
    ExecutionStatus Status,
    int AttemptCount,
    string? ResponseText,
    string? Classification,
    string? OverrideClass,
    string? ErrorCode,
    string? ErrorMessage)
{
    /// <summary>The class that counts: a researcher's override, else the classifier's.</summary>
    public string? EffectiveClass => OverrideClass ?? Classification;
}
