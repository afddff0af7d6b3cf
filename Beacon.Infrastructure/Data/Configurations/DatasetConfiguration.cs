using Beacon.Core.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class DatasetConfiguration : IEntityTypeConfiguration<Dataset>
{
    public void Configure(EntityTypeBuilder<Dataset> builder)
    {
        // The table kept the name it had when datasets were called question sets (no migration for a rename).
        builder.ToTable("question_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(DatasetLimits.MaxNameLength);
        builder.Property(s => s.Slug).HasMaxLength(64);
        builder.Property(s => s.Source).HasMaxLength(DatasetLimits.MaxSourceLength);
        builder.Property(s => s.Licence).HasMaxLength(DatasetLimits.MaxLicenceLength);
        builder.Property(s => s.Format).HasMaxLength(16);
        builder.Property(s => s.FileName).HasMaxLength(260);
        builder.Property(s => s.ImportedBy).HasMaxLength(256);
        builder.Property(s => s.OwnerId).HasMaxLength(256);
        builder.HasIndex(s => s.OwnerId);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasIndex(s => s.ImportedAt);
    }
}
