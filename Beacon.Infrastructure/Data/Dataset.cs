namespace Beacon.Infrastructure.Data;

/// <summary>An imported dataset (a file of questions): where it came from, under which licence, who imported it and when, who may use it.</summary>
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
    /// <summary>Who imported it, as people read it (the email); <see cref="OwnerId"/> is what access is decided by.</summary>
    public string ImportedBy { get; set; } = "";
    /// <summary>
    /// The importer's user id. Null for sets imported before accounts existed: they belong to nobody, so only an
    /// administrator can change their sharing (decision 0020).
    /// </summary>
    public string? OwnerId { get; set; }
    /// <summary>False: only the owner (and administrators) see and use the set's questions. True: everyone signed in does.</summary>
    public bool SharedWithEveryone { get; set; }
    public DateTimeOffset ImportedAt { get; set; }
}
