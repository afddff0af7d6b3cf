namespace Beacon.Infrastructure.Data;

/// <summary>
/// One reviewer's label of one <see cref="ReviewItem"/> (one row per item and reviewer; relabelling updates it). Human
/// labels are data about the classifier, kept apart from class overrides, which change what an execution counts as.
/// </summary>
public sealed class ReviewLabel
{
    public long Id { get; set; }
    public long ItemId { get; set; }
    public string ReviewerId { get; set; } = "";
    public string ReviewerName { get; set; } = "";
    public string? Class { get; set; }
    public bool Skipped { get; set; }
    public string? Note { get; set; }
    public DateTimeOffset LabelledAt { get; set; }
}
