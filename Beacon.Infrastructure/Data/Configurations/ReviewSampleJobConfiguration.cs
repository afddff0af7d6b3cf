using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class ReviewSampleJobConfiguration : IEntityTypeConfiguration<ReviewSampleJob>
{
    public void Configure(EntityTypeBuilder<ReviewSampleJob> builder)
    {
        builder.ToTable("review_sample_jobs");
        builder.HasKey(j => new { j.SampleId, j.JobId });
        builder.HasIndex(j => j.JobId);
        builder.HasOne<ReviewSample>().WithMany().HasForeignKey(j => j.SampleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Job>().WithMany().HasForeignKey(j => j.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
