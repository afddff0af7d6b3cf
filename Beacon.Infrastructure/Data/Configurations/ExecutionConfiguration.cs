using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

public sealed class ExecutionConfiguration : IEntityTypeConfiguration<Execution>
{
    public void Configure(EntityTypeBuilder<Execution> builder)
    {
        builder.ToTable("executions");
        builder.HasKey(e => e.Id);
        builder.Property(e => e.Id).UseIdentityAlwaysColumn();
        builder.Property(e => e.QuestionId).HasMaxLength(200);
        builder.Property(e => e.ModelId).HasMaxLength(100);
        builder.Property(e => e.Region).HasMaxLength(16);
        builder.Property(e => e.Persona).HasMaxLength(16);
        builder.Property(e => e.Status).HasConversion<string>().HasMaxLength(16);
        // Defaults matter: cells are created by COPY with only their key, prompt and status.
        builder.Property(e => e.AttemptCount).HasDefaultValue(0);
        builder.Property(e => e.RegionMismatch).HasDefaultValue(false);
        builder.Property(e => e.Emulated).HasDefaultValue(false);
        builder.Property(e => e.Moderated).HasDefaultValue(false);
        builder.Property(e => e.Attempts).HasColumnType("jsonb").HasDefaultValueSql("'[]'::jsonb");
        builder.Property(e => e.Receipt).HasColumnType("jsonb");
        builder.Property(e => e.Classification).HasMaxLength(32);
        builder.Property(e => e.ClassifierVersion).HasMaxLength(32);
        builder.Property(e => e.ClassificationRule).HasMaxLength(64);
        builder.Property(e => e.ClassificationEvidence).HasMaxLength(256);
        builder.Property(e => e.OverrideClass).HasMaxLength(32);
        builder.Property(e => e.OverrideBy).HasMaxLength(256);
        builder.Property(e => e.OverrideNote).HasMaxLength(2000);
        builder.Property(e => e.ReportedRegion).HasMaxLength(64);
        builder.Property(e => e.PlacementProvider).HasMaxLength(32);
        builder.Property(e => e.PlacementRegion).HasMaxLength(64);
        builder.Property(e => e.PlacementVerdict).HasConversion<string>().HasMaxLength(16);
        builder.Property(e => e.ErrorCode).HasMaxLength(64);
        builder.Property(e => e.CostUsd).HasPrecision(18, 9);
        // The cell key: exactly one row per cell, forever.
        builder.HasIndex(e => new { e.JobId, e.QuestionId, e.ModelId, e.Region, e.Persona, e.RepeatIndex }).IsUnique()
            .HasDatabaseName("ix_executions_cell_key");
        builder.HasIndex(e => new { e.JobId, e.Status });
        // A lane reads its unfinished cells a page at a time in id order (LaneJob): one range of this index per page.
        builder.HasIndex(e => new { e.JobId, e.ModelId, e.Region, e.Id }).HasDatabaseName("ix_executions_lane");
        // The job page's answer search (ILIKE '%term%', English and Chinese alike; terms under three characters scan).
        builder.HasIndex(e => e.ResponseText).HasMethod("gin").HasOperators("gin_trgm_ops").HasDatabaseName("ix_executions_response_text_trgm");
        builder.HasOne<Job>().WithMany().HasForeignKey(e => e.JobId).OnDelete(DeleteBehavior.Cascade);
    }
}
