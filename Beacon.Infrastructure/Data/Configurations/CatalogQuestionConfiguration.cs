using Beacon.Core.Questions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class CatalogQuestionConfiguration : IEntityTypeConfiguration<CatalogQuestion>
{
    public void Configure(EntityTypeBuilder<CatalogQuestion> builder)
    {
        builder.ToTable("questions");
        builder.HasKey(q => q.Id);
        builder.Property(q => q.Id).HasMaxLength(200);
        builder.Property(q => q.Category).HasMaxLength(100);
        builder.Property(q => q.Language).HasMaxLength(16);
        builder.Property(q => q.Source).HasMaxLength(200);
        builder.HasOne<QuestionSet>().WithMany().HasForeignKey(q => q.QuestionSetId).OnDelete(DeleteBehavior.Restrict);
        builder.HasIndex(q => new { q.QuestionSetId, q.Position });
        builder.HasData(BuiltInQuestions.All.Select(q => new CatalogQuestion
        {
            Id = q.Id,
            Category = q.Category,
            Text = q.Text,
            Language = q.Language,
            Source = "built-in",
            BuiltIn = true,
        }));
    }
}
