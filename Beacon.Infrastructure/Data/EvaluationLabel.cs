namespace Beacon.Infrastructure.Data;

/// <summary>
/// One imported human label (a line of the labels JSONL, from this or another Beacon): the evaluation set the classifier
/// page measures the current classifier on. <see cref="Key"/> identifies the label (job, execution and reviewer, or the
/// question, answer and reviewer of a file from elsewhere), so importing a file again replaces its labels instead of
/// counting them twice.
/// </summary>
public sealed class EvaluationLabel
{
    public long Id { get; set; }
    public string Key { get; set; } = "";
    public string Question { get; set; } = "";
    public string Answer { get; set; } = "";
    public string Language { get; set; } = "";
    public string? Model { get; set; }
    public string? Region { get; set; }
    public string HumanClass { get; set; } = "";
    public string Reviewer { get; set; } = "";
    public DateTimeOffset? LabelledAt { get; set; }
    /// <summary>The class and version the exporting Beacon's classifier gave (kept for reference; the page re-classifies).</summary>
    public string? ExportedClass { get; set; }
    public string? ExportedVersion { get; set; }
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
}
