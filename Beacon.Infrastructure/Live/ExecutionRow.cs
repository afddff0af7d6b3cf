using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Live;

/// <summary>
/// One execution as the job page's rows show it: its key, state and measurements, without the answer, prompts,
/// receipt or attempt history (fetched one at a time when a row is opened), so a 10,000-cell job loads quickly.
/// <see cref="PlacementVerdict"/> is a <see cref="Beacon.Core.Placement.PlacementVerdict"/> name (null until the cell
/// has an outcome); provider and region are the raw placement the endpoint reported.
/// </summary>
public sealed record ExecutionRow(
    long Id,
    string QuestionId,
    string ModelId,
    string Region,
    int RepeatIndex,
    ExecutionStatus Status,
    int AttemptCount,
    double? InferenceSeconds,
    string? ReportedRegion,
    bool RegionMismatch,
    string? Classification,
    string? ErrorCode,
    bool Emulated,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? BilledSeconds,
    decimal? CostUsd,
    string? PlacementVerdict = null,
    string? PlacementProvider = null,
    string? PlacementRegion = null,
    string? Persona = null)
{
    /// <summary>The persona the cell ran with; a row built without one ran with its serving region's own.</summary>
    public string EffectivePersona => Persona ?? Region;
}
