using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Beacon.Infrastructure.Data.Configurations;

/// <summary>
/// The classification history. Rows of the built-in classifier are written by the trigger
/// <c>executions_classification_history</c> (migration ClassificationHistory), not by application code, so that no
/// writer of <c>executions.classification</c> (lanes, re-classification) can forget them.
/// </summary>
public sealed class ExecutionClassificationConfiguration : IEntityTypeConfiguration<ExecutionClassification>
{
    public void Configure(EntityTypeBuilder<ExecutionClassification> builder)
    {
        builder.ToTable("execution_classifications");
        builder.HasKey(c => c.Id);
        builder.Property(c => c.Id).UseIdentityAlwaysColumn();
        builder.Property(c => c.Source).HasConversion<string>().HasMaxLength(16);
        builder.Property(c => c.Class).HasMaxLength(32);
        builder.Property(c => c.Version).HasMaxLength(64);
        builder.Property(c => c.Rule).HasMaxLength(64);
        builder.Property(c => c.Evidence).HasMaxLength(256);
        builder.Property(c => c.JudgeModel).HasMaxLength(200);
        builder.Property(c => c.CostUsd).HasPrecision(18, 9);
        builder.Property(c => c.Error).HasMaxLength(1000);
        builder.Property(c => c.ClassifiedAt).HasDefaultValueSql("now()");
        builder.HasIndex(c => new { c.ExecutionId, c.Id });
        // Agreement per job reads the judges' rows of one job.
        builder.HasIndex(c => new { c.JobId, c.Source });
        builder.HasOne<Execution>().WithMany().HasForeignKey(c => c.ExecutionId).OnDelete(DeleteBehavior.Cascade);
    }
}
