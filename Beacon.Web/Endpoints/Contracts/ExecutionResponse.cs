using System.Text.Json;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record ExecutionResponse(
    long Id,
    Guid JobId,
    string QuestionId,
    string Model,
    string Region,
    int RepeatIndex,
    string Status,
    int AttemptCount,
    JsonElement Attempts,
    string Prompt,
    string SystemPrompt,
    string? Response,
    string? Classification,
    string? ClassifierVersion,
    string? ClassificationRule,
    string? ClassificationEvidence,
    int? TokensGenerated,
    double? InferenceSeconds,
    string? ReportedRegion,
    bool RegionMismatch,
    bool Emulated,
    bool Moderated,
    JsonElement? Receipt,
    string? ErrorCode,
    string? ErrorMessage,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    double? BilledSeconds,
    decimal? CostUsd,
    string? OverrideClass = null,
    string? OverrideBy = null,
    DateTimeOffset? OverrideAt = null,
    string? OverrideNote = null,
    string? EffectiveClass = null,
    string? PlacementProvider = null,
    string? PlacementRegion = null,
    string? PlacementVerdict = null,
    string? Persona = null)
{
    public static ExecutionResponse From(Execution e) => new(
        e.Id, e.JobId, e.QuestionId, e.ModelId, e.Region, e.RepeatIndex, e.Status.ToString().ToLowerInvariant(), e.AttemptCount,
        JsonDocument.Parse(e.Attempts).RootElement, e.Prompt, e.SystemPrompt, e.ResponseText, e.Classification, e.ClassifierVersion,
        e.ClassificationRule, e.ClassificationEvidence,
        e.TokensGenerated, e.InferenceSeconds, e.ReportedRegion, e.RegionMismatch, e.Emulated, e.Moderated,
        e.Receipt is null ? null : JsonDocument.Parse(e.Receipt).RootElement, e.ErrorCode, e.ErrorMessage, e.StartedAt, e.CompletedAt,
        e.BilledSeconds, e.CostUsd,
        e.OverrideClass, e.OverrideBy, e.OverrideAt, e.OverrideNote,
        Core.Analysis.EffectiveClass.Resolve(e.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed, e.Classification, e.OverrideClass)?.ToString(),
        e.PlacementProvider, e.PlacementRegion, e.PlacementVerdict?.ToString(), e.Persona);
}
