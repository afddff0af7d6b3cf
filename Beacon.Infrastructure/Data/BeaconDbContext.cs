using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Data;

public sealed class BeaconDbContext(DbContextOptions<BeaconDbContext> options) : DbContext(options)
{
    public DbSet<Job> Jobs => Set<Job>();
    public DbSet<Execution> Executions => Set<Execution>();
    public DbSet<JobLane> JobLanes => Set<JobLane>();
    public DbSet<CatalogQuestion> Questions => Set<CatalogQuestion>();
    public DbSet<QuestionSet> QuestionSets => Set<QuestionSet>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(BeaconDbContext).Assembly);
}
