using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// The one rule for who may see and act on a job: administrators every job; anyone else the jobs they submitted and
/// the jobs shared with them. Every page, endpoint and hub method that reaches a job or an execution goes through here.
/// Jobs submitted before accounts existed (owner "local") belong to nobody, so only administrators see them.
/// </summary>
public sealed class JobAccess(IDbContextFactory<BeaconDbContext> dbFactory)
{
    /// <summary>The jobs <paramref name="viewer"/> may see, as a query to compose further.</summary>
    public static IQueryable<Job> Visible(BeaconDbContext db, Viewer viewer) =>
        viewer.IsAdministrator
            ? db.Jobs
            : db.Jobs.Where(j => j.SubmittedBy == viewer.UserId || db.JobShares.Any(s => s.JobId == j.Id && s.UserId == viewer.UserId));

    public async Task<bool> CanSeeJobAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Visible(db, viewer).AnyAsync(j => j.Id == jobId, cancellationToken);
    }

    /// <summary>The job, or null when it does not exist or <paramref name="viewer"/> may not see it (pages show both alike).</summary>
    public async Task<Job?> VisibleJobAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await Visible(db, viewer).AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    public async Task<bool> CanSeeExecutionAsync(long executionId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var jobId = await db.Executions.AsNoTracking().Where(e => e.Id == executionId).Select(e => (Guid?)e.JobId).FirstOrDefaultAsync(cancellationToken);
        return jobId is { } id && await Visible(db, viewer).AnyAsync(j => j.Id == id, cancellationToken);
    }

    /// <summary>Sharing is for the owner and administrators; a user a job was shared with may not share it further.</summary>
    public async Task<bool> CanManageJobAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AnyAsync(j => j.Id == jobId && (viewer.IsAdministrator || j.SubmittedBy == viewer.UserId), cancellationToken);
    }
}
