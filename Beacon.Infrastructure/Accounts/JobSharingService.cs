using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Accounts;

/// <summary>Shares a job with other users by email. Callers check <see cref="JobAccess.CanManageJobAsync"/> first.</summary>
public sealed class JobSharingService(IDbContextFactory<BeaconDbContext> dbFactory, TimeProvider time, ILogger<JobSharingService> logger)
{
    public async Task<IReadOnlyList<JobShareInfo>> ListAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.JobShares.AsNoTracking().Where(s => s.JobId == jobId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { u.Id, u.Email, s.CreatedAt })
            .OrderBy(s => s.Email).ToListAsync(cancellationToken);
        return rows.Select(r => new JobShareInfo(r.Id, r.Email ?? "", r.CreatedAt)).ToList();
    }

    public async Task<ShareResult> ShareAsync(Guid jobId, string email, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var normalized = email.Trim().ToUpperInvariant();
        var userId = await db.Users.Where(u => u.NormalizedEmail == normalized).Select(u => u.Id).FirstOrDefaultAsync(cancellationToken);
        if (userId is null)
        {
            return ShareResult.NoSuchUser;
        }
        if (await db.Jobs.AnyAsync(j => j.Id == jobId && j.SubmittedBy == userId, cancellationToken))
        {
            return ShareResult.IsOwner;
        }
        var inserted = await db.Database.ExecuteSqlInterpolatedAsync(
            $"INSERT INTO job_shares (job_id, user_id, created_at) VALUES ({jobId}, {userId}, {time.GetUtcNow()}) ON CONFLICT DO NOTHING",
            cancellationToken);
        if (inserted > 0)
        {
            logger.LogInformation("Job {JobId} shared with user {UserId}", jobId, userId);
        }
        return inserted > 0 ? ShareResult.Shared : ShareResult.AlreadyShared;
    }

    public async Task<bool> UnshareAsync(Guid jobId, string userId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobShares.Where(s => s.JobId == jobId && s.UserId == userId).ExecuteDeleteAsync(cancellationToken) > 0;
    }

    /// <summary>The email of a job's owner, for display; null for jobs from before accounts or a deleted user.</summary>
    public async Task<string?> OwnerEmailAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.Where(j => j.Id == jobId).Join(db.Users, j => j.SubmittedBy, u => u.Id, (_, u) => u.Email).FirstOrDefaultAsync(cancellationToken);
    }
}
