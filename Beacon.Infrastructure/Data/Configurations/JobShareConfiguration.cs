using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class JobShareConfiguration : IEntityTypeConfiguration<JobShare>
{
    public void Configure(EntityTypeBuilder<JobShare> builder)
    {
        builder.ToTable("job_shares");
        builder.HasKey(s => new { s.JobId, s.UserId });
        builder.HasIndex(s => s.UserId);
        builder.HasOne<Job>().WithMany().HasForeignKey(s => s.JobId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<BeaconUser>().WithMany().HasForeignKey(s => s.UserId).OnDelete(DeleteBehavior.Cascade);
    }
}
