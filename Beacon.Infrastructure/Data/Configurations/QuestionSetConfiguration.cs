using Beacon.Core.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class QuestionSetConfiguration : IEntityTypeConfiguration<QuestionSet>
{
    public void Configure(EntityTypeBuilder<QuestionSet> builder)
    {
        builder.ToTable("question_sets");
        builder.HasKey(s => s.Id);
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.Name).HasMaxLength(QuestionSetLimits.MaxNameLength);
        builder.Property(s => s.Slug).HasMaxLength(64);
        builder.Property(s => s.Source).HasMaxLength(QuestionSetLimits.MaxSourceLength);
        builder.Property(s => s.Licence).HasMaxLength(QuestionSetLimits.MaxLicenceLength);
        builder.Property(s => s.Format).HasMaxLength(16);
        builder.Property(s => s.FileName).HasMaxLength(260);
        builder.Property(s => s.ImportedBy).HasMaxLength(256);
        builder.HasIndex(s => s.Slug).IsUnique();
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasIndex(s => s.ImportedAt);
    }
}
