using Beacon.Core.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class StoredQuestionConfiguration : IEntityTypeConfiguration<StoredQuestion>
{
    public void Configure(EntityTypeBuilder<StoredQuestion> builder)
    {
        builder.ToTable("questions");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).HasMaxLength(200);
        builder.Property(q => q.Category).HasMaxLength(100);
        builder.Property(q => q.Language).HasMaxLength(16);
        builder.Property(q => q.Source).HasMaxLength(200);
        builder.Property(q => q.VariantGroup).HasMaxLength(200);
        builder.HasIndex(q => q.VariantGroup);
        // The column kept the name it had when datasets were called question sets (no migration for a rename).
        builder.Property(q => q.DatasetId).HasColumnName("question_set_id");
        builder.HasOne<Dataset>().WithMany().HasForeignKey(q => q.DatasetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(q => new { q.DatasetId, q.Position });
        builder.HasData(BuiltInQuestions.Catalogue.Select(q => new StoredQuestion
        {
            Id = q.Id,
            Category = q.Category,
            Text = q.Text,
            Language = q.Language,
            VariantGroup = q.VariantGroup,
            Source = "built-in",
            BuiltIn = true,
        }));
    }
}
