using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class JobConfiguration : IEntityTypeConfiguration<Job>
{
    public void Configure(EntityTypeBuilder<Job> builder)
    {
        builder.ToTable("jobs");
        builder.HasKey(j => j.Id);
        builder.Property(j => j.Id).ValueGeneratedNever();
        builder.Property(j => j.Name).HasMaxLength(200);
        builder.Property(j => j.Status).HasConversion<string>().HasMaxLength(16);
        builder.OwnsMany(j => j.Questions, q => q.ToJson("questions"));
        builder.Property(j => j.SubmittedBy).HasMaxLength(256);
        builder.Property(j => j.Judge).HasDefaultValue(false);
        builder.Property(j => j.IdempotencyKey).HasMaxLength(200);
        builder.HasIndex(j => new { j.SubmittedBy, j.IdempotencyKey }).IsUnique().HasFilter("idempotency_key IS NOT NULL");
        builder.HasIndex(j => j.CreatedAt);
        builder.HasIndex(j => j.Status);
        // The owner's user id: the visibility rule (JobAccess) filters on it.
        builder.HasIndex(j => j.SubmittedBy);
    }
}
