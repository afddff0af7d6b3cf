using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class ReviewLabelConfiguration : IEntityTypeConfiguration<ReviewLabel>
{
    public void Configure(EntityTypeBuilder<ReviewLabel> builder)
    {
        builder.ToTable("review_labels");
        builder.HasKey(l => l.Id);
        builder.HasIndex(l => new { l.ItemId, l.ReviewerId }).IsUnique();
        builder.Property(l => l.ReviewerId).HasMaxLength(450);
        builder.Property(l => l.ReviewerName).HasMaxLength(256);
        builder.Property(l => l.Class).HasMaxLength(32);
        builder.Property(l => l.Note).HasMaxLength(2000);
        builder.HasOne<ReviewItem>().WithMany().HasForeignKey(l => l.ItemId).OnDelete(DeleteBehavior.Cascade);
    }
}
