namespace Beacon.Infrastructure.Data;

/// <summary>An imported dataset (a file of questions): where it came from, under which licence, who imported it and when.</summary>
public sealed class Dataset
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    /// <summary>ASCII slug of the name, unique; generated question ids are "&lt;slug&gt;-0001", ...</summary>
    public string Slug { get; set; } = "";
    public string? Source { get; set; }
    public string? Licence { get; set; }
    /// <summary>"csv" or "jsonl".</summary>
    public string Format { get; set; } = "";
    public string? FileName { get; set; }
    public int RowCount { get; set; }
    /// <summary>Rows of the file left out because their text was already in the file or the catalogue.</summary>
    public int DuplicatesSkipped { get; set; }
    public string ImportedBy { get; set; } = "";
    public DateTimeOffset ImportedAt { get; set; }
}
