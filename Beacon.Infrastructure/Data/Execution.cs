using Beacon.Core.Jobs;
using Beacon.Core.Placement;

namespace Beacon.Infrastructure.Data;

/// <summary>One cell of a job: created pending with the job, unique on (job, question, model, region, persona, repeat).</summary>
public sealed class Execution
{
    public long Id { get; set; }
    public Guid JobId { get; set; }
    public string QuestionId { get; set; } = "";
    public string ModelId { get; set; } = "";
    public string Region { get; set; } = "";
    /// <summary>The system prompt's persona: a region code ("based in {phrase}"), or "none" when no system prompt is sent.</summary>
    public string Persona { get; set; } = "";
    public int RepeatIndex { get; set; }
    public ExecutionStatus Status { get; set; }
    public int AttemptCount { get; set; }
    /// <summary>JSON array, one object per attempt; never rewritten, only appended to.</summary>
    public string Attempts { get; set; } = "[]";
    public string Prompt { get; set; } = "";
    /// <summary>Exactly what is sent; empty for the "none" persona, which sends no system prompt.</summary>
    public string SystemPrompt { get; set; } = "";
    public Guid? RequestId { get; set; }
    public string? ResponseText { get; set; }
    public string? Classification { get; set; }
    public string? ClassifierVersion { get; set; }
    /// <summary>The classifier rule that decided, and the phrase or reason it matched: kept so a class can be audited.</summary>
    public string? ClassificationRule { get; set; }
    public string? ClassificationEvidence { get; set; }
    /// <summary>A researcher's class for this answer; wins over <see cref="Classification"/>, which keeps the classifier's.</summary>
    public string? OverrideClass { get; set; }
    public string? OverrideBy { get; set; }
    public DateTimeOffset? OverrideAt { get; set; }
    public string? OverrideNote { get; set; }
    public int? TokensGenerated { get; set; }
    public double? InferenceSeconds { get; set; }
    /// <summary>Seconds the calls are billed for (all attempts): the endpoint's own timing when it reports one, else the measured call.</summary>
    public double? BilledSeconds { get; set; }
    /// <summary>What the calls cost (all attempts) at the rate of the endpoint that served them (0 for the emulator).</summary>
    public decimal? CostUsd { get; set; }
    public string? ReportedRegion { get; set; }
    /// <summary>
    /// The reported region differs from the one asked: follows <see cref="PlacementVerdict"/> where a placement could be
    /// judged, else compares the reported label (older labels such as us-east count as their code).
    /// </summary>
    public bool RegionMismatch { get; set; }
    /// <summary>Cloud provider the container reported (MODAL_CLOUD_PROVIDER), as reported.</summary>
    public string? PlacementProvider { get; set; }
    /// <summary>Cloud region or zone the container reported (MODAL_REGION), as reported.</summary>
    public string? PlacementRegion { get; set; }
    /// <summary>Null until the cell has an outcome (and for a cancelled cell).</summary>
    public PlacementVerdict? PlacementVerdict { get; set; }
    public bool Emulated { get; set; }
    public bool Moderated { get; set; }
    public string? Receipt { get; set; }
    public string? ErrorCode { get; set; }
    public string? ErrorMessage { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
}
