using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class ReviewSampleConfiguration : IEntityTypeConfiguration<ReviewSample>
{
    public void Configure(EntityTypeBuilder<ReviewSample> builder)
    {
        builder.ToTable("review_samples");
        builder.HasKey(s => s.Id);
        builder.HasIndex(s => s.CreatedAt);
        builder.Property(s => s.CreatedBy).HasMaxLength(256);
        builder.Property(s => s.ClassifierVersion).HasMaxLength(64);
        builder.Property(s => s.Strata).HasColumnType("jsonb");
    }
}
