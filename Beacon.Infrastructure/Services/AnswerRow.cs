using Beacon.Core.Jobs;
using Beacon.Core.Placement;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// One execution's answer as the comparison page shows it: the full text, the classifier's class and the override
/// (the effective class is the override when there is one), and where the answer came from (placement and verdict).
/// </summary>
public sealed record AnswerRow(
    long Id,
    string QuestionId,
    string ModelId,
    string Region,
    int RepeatIndex,
    ExecutionStatus Status,
    string? ResponseText,
    string? Classification,
    string? OverrideClass,
    string? ErrorCode,
    PlacementVerdict? PlacementVerdict = null,
    string? PlacementProvider = null,
    string? PlacementRegion = null,
    string? Persona = null)
{
    /// <summary>True when the cell answered with its serving region's own persona (rows built without one did).</summary>
    public bool MatchedPersona => Persona is null || Persona == Region;
}
