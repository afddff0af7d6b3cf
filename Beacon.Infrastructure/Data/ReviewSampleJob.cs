namespace Beacon.Infrastructure.Data;

/// <summary>A job whose answers a <see cref="ReviewSample"/> was drawn from. A job's current sample is the latest one naming it.</summary>
public sealed class ReviewSampleJob
{
    public Guid SampleId { get; set; }
    public Guid JobId { get; set; }
}
