using Beacon.Infrastructure.Data;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>One class an execution was given: by the built-in classifier (source "classifier") or an LLM judge ("judge").</summary>
public sealed record ClassificationRecordResponse(
    long Id,
    string Source,
    string? Class,
    string Version,
    string? Rule,
    string? Evidence,
    double? Confidence,
    string? JudgeModel,
    string? RawVerdict,
    int? InputTokens,
    int? OutputTokens,
    decimal? CostUsd,
    string? Error,
    DateTimeOffset ClassifiedAt)
{
    public static ClassificationRecordResponse From(ExecutionClassification c) => new(
        c.Id, c.Source.ToString().ToLowerInvariant(), c.Class, c.Version, c.Rule, c.Evidence, c.Confidence, c.JudgeModel, c.RawVerdict,
        c.InputTokens, c.OutputTokens, c.CostUsd, c.Error, c.ClassifiedAt);
}
