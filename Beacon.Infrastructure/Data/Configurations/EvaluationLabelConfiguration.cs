using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class EvaluationLabelConfiguration : IEntityTypeConfiguration<EvaluationLabel>
{
    public void Configure(EntityTypeBuilder<EvaluationLabel> builder)
    {
        builder.ToTable("evaluation_labels");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => l.Key).IsUnique();
        builder.Property(l => l.Key).HasMaxLength(128);
        builder.Property(l => l.Language).HasMaxLength(16);
        builder.Property(l => l.Model).HasMaxLength(128);
        builder.Property(l => l.Region).HasMaxLength(32);
        builder.Property(l => l.HumanClass).HasMaxLength(32);
        builder.Property(l => l.Reviewer).HasMaxLength(256);
        builder.Property(l => l.ExportedClass).HasMaxLength(32);
        builder.Property(l => l.ExportedVersion).HasMaxLength(64);
        builder.Property(l => l.ImportedBy).HasMaxLength(256);
    }
}
