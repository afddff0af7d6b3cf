namespace Beacon.Infrastructure.Data;

/// <summary>A question researchers can pick; the built-in eight are seeded by a migration.</summary>
public sealed class CatalogQuestion
{
    public string Id { get; set; } = "";
    public string Category { get; set; } = "";
    public string Text { get; set; } = "";
    public string Language { get; set; } = "en";
    public string Source { get; set; } = "built-in";
    public bool BuiltIn { get; set; }
    /// <summary>The imported set the question belongs to; null for built-in questions.</summary>
    public Guid? QuestionSetId { get; set; }
    /// <summary>1-based order within its set (the file's order).</summary>
    public int? Position { get; set; }
}
