using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// One database for research data and accounts (ASP.NET Core Identity's tables, snake_case like the rest), and the
/// data-protection key ring every Beacon process shares (cookies and antiforgery tokens work across web processes).
/// </summary>
public sealed class BeaconDbContext(DbContextOptions<BeaconDbContext> options) : IdentityDbContext<BeaconUser>(options), IDataProtectionKeyContext
{
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Execution> Executions => Set<Execution>();
    public DbSet<ExecutionClassification> ExecutionClassifications => Set<ExecutionClassification>();
    public DbSet<JobLane> JobLanes => Set<JobLane>();
    public DbSet<StoredQuestion> Questions => Set<StoredQuestion>();
    public DbSet<Dataset> Datasets => Set<Dataset>();
    public DbSet<PersonalAccessToken> AccessTokens => Set<PersonalAccessToken>();
    public DbSet<JobShare> JobShares => Set<JobShare>();
    public DbSet<SignInSession> SignInSessions => Set<SignInSession>();
    public DbSet<ReviewSample> ReviewSamples => Set<ReviewSample>();
    public DbSet<ReviewSampleJob> ReviewSampleJobs => Set<ReviewSampleJob>();
    public DbSet<EvaluationLabel> EvaluationLabels => Set<EvaluationLabel>();
    public DbSet<ReviewItem> ReviewItems => Set<ReviewItem>();
    public DbSet<ReviewLabel> ReviewLabels => Set<ReviewLabel>();
    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        // Trigram indexes (answer search on the job page, any language: the database's C.UTF-8 ctype makes CJK characters word characters).
        modelBuilder.HasPostgresExtension("pg_trgm");
        Configurations.IdentityTablesConfiguration.Apply(modelBuilder);
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BeaconDbContext).Assembly);
    }
}
