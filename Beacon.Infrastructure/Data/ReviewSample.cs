namespace Beacon.Infrastructure.Data;

/// <summary>
/// A stratified random sample of the answers of one or several jobs (<see cref="ReviewSampleJob"/>) drawn for human
/// review. <see cref="Strata"/> (JSON) keeps every stratum's size at the time of drawing, so the corrected estimate weighs
/// by the classification the sample was drawn from even if a job is re-classified later.
/// </summary>
public sealed class ReviewSample
{
    public Guid Id { get; set; }
    public string CreatedBy { get; set; } = "";
    public DateTimeOffset CreatedAt { get; set; }
    public int? PerStratum { get; set; }
    public double? Share { get; set; }
    public int Seed { get; set; }
    public string ClassifierVersion { get; set; } = "";
    public string Strata { get; set; } = "[]";
}
