using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class ReviewItemConfiguration : IEntityTypeConfiguration<ReviewItem>
{
    public void Configure(EntityTypeBuilder<ReviewItem> builder)
    {
        builder.ToTable("review_items");
        builder.HasKey(i => i.Id);
        builder.HasIndex(i => new { i.SampleId, i.Position }).IsUnique();
        builder.HasIndex(i => new { i.SampleId, i.ExecutionId }).IsUnique();
        builder.HasIndex(i => new { i.JobId, i.SampleId });
        builder.Property(i => i.PredictedClass).HasMaxLength(32);
        builder.Property(i => i.Language).HasMaxLength(16);
        builder.Property(i => i.ModelId).HasMaxLength(128);
        builder.Property(i => i.Region).HasMaxLength(32);
        builder.HasOne<ReviewSample>().WithMany().HasForeignKey(i => i.SampleId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Execution>().WithMany().HasForeignKey(i => i.ExecutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
