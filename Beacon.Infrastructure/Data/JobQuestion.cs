namespace Beacon.Infrastructure.Data;

/// <summary>A question's snapshot inside a job (stored as JSON on the job row).</summary>
public sealed class JobQuestion
{
    public string Id { get; set; } = "";
    public string Category { get; set; } = "";
    public string Text { get; set; } = "";
    public string Language { get; set; } = "en";
    /// <summary>The variant group at submission; null in jobs submitted before groups existed (the question's own id).</summary>
    public string? Group { get; set; }

    public string VariantGroup => Group ?? Id;
}
