namespace Beacon.Infrastructure.Data;

/// <summary>A stored question researchers can pick: the built-in eight (seeded by a migration) and those imported with a dataset.</summary>
public sealed class StoredQuestion
{
    public string Id { get; set; } = "";
    public string Category { get; set; } = "";
    public string Text { get; set; } = "";
    public string Language { get; set; } = "en";
    /// <summary>Links the variants of one question in other languages (one per language); a question without variants is its own group (its id).</summary>
    public string VariantGroup { get; set; } = "";
    public string Source { get; set; } = "built-in";
    public bool BuiltIn { get; set; }
    /// <summary>The dataset the question was imported with; null for built-in questions.</summary>
    public Guid? DatasetId { get; set; }
    /// <summary>1-based order within its set (the file's order).</summary>
    public int? Position { get; set; }
}
