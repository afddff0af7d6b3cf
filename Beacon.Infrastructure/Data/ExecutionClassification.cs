using Beacon.Core.Analysis;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// One class an answer was given, kept forever: every class the built-in classifier gave it (a database trigger records
/// each change of the execution's classification, so re-classifying with a new version keeps the old class, version
/// and rule), and every LLM judge verdict (stored only here, beside the built-in class, never replacing it).
/// </summary>
public sealed class ExecutionClassification
{
    public long Id { get; set; }
    public long ExecutionId { get; set; }
    public Guid JobId { get; set; }
    public ClassificationSource Source { get; set; }
    /// <summary>The class; null when a judge failed to give one (see <see cref="Error"/>).</summary>
    public string? Class { get; set; }
    /// <summary>The classifier version, or for a judge the rubric version.</summary>
    public string Version { get; set; } = "";
    public string? Rule { get; set; }
    /// <summary>The matched phrase or reason (for a judge: its stated reason, shortened).</summary>
    public string? Evidence { get; set; }
    public double? Confidence { get; set; }
    /// <summary>The judge's model name as configured (judges only).</summary>
    public string? JudgeModel { get; set; }
    /// <summary>The judge's reply exactly as received (judges only).</summary>
    public string? RawVerdict { get; set; }
    public int? InputTokens { get; set; }
    public int? OutputTokens { get; set; }
    public decimal? CostUsd { get; set; }
    /// <summary>Why a judge gave no class: the call failed, or its reply was not the JSON the rubric asks for.</summary>
    public string? Error { get; set; }
    public DateTimeOffset ClassifiedAt { get; set; }
}
