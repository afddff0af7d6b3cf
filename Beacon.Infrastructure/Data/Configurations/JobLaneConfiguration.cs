using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class JobLaneConfiguration : IEntityTypeConfiguration<JobLane>
{
    public void Configure(EntityTypeBuilder<JobLane> builder)
    {
        builder.ToTable("job_lanes");
        builder.HasKey(l => new { l.JobId, l.ModelId, l.Region });
        builder.Property(l => l.ModelId).HasMaxLength(100);
        builder.Property(l => l.Region).HasMaxLength(16);
        builder.Property(l => l.Stage).HasConversion<string>().HasMaxLength(16);
        builder.Property(l => l.Worker).HasMaxLength(200);
        builder.HasOne<Job>().WithMany().HasForeignKey(l => l.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
