namespace Beacon.Infrastructure.Data;

/// <summary>One answer drawn into a <see cref="ReviewSample"/>, with its stratum as it was when drawn.</summary>
public sealed class ReviewItem
{
    public long Id { get; set; }
    public Guid SampleId { get; set; }
    public long ExecutionId { get; set; }
    public Guid JobId { get; set; }
    public int Position { get; set; }
    public string PredictedClass { get; set; } = "";
    public string Language { get; set; } = "";
    public string ModelId { get; set; } = "";
    public string Region { get; set; } = "";
}
