using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Services;

/// <summary>Read side for pages and the API: one short-lived context per call, no tracking.</summary>
public sealed class JobQueries(IDbContextFactory<BeaconDbContext> dbFactory)
{
    public async Task<Page<JobSummary>> ListAsync(JobStatus? status, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Jobs.AsNoTracking();
        if (status is not null)
        {
            query = query.Where(j => j.Status == status);
        }
        var total = await query.CountAsync(cancellationToken);
        var jobs = await query.OrderByDescending(j => j.CreatedAt)
            .Skip((page - 1) * pageSize).Take(pageSize)
            .ToListAsync(cancellationToken);
        var ids = jobs.Select(j => j.Id).ToList();
        var counts = await CountsAsync(db, ids, cancellationToken);
        return new Page<JobSummary>(jobs.Select(j => Summarise(j, counts.GetValueOrDefault(j.Id, StatusCounts.Empty))).ToList(), total, page, pageSize);
    }

    public async Task<JobSummary?> GetAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
        if (job is null)
        {
            return null;
        }
        var counts = await CountsAsync(db, [id], cancellationToken);
        return Summarise(job, counts.GetValueOrDefault(id, StatusCounts.Empty));
    }

    public async Task<Job?> GetJobAsync(Guid id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken);
    }

    public async Task<IReadOnlyList<JobLane>> LanesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.JobLanes.AsNoTracking().Where(l => l.JobId == jobId)
            .OrderBy(l => l.ModelId).ThenBy(l => l.Region).ToListAsync(cancellationToken);
    }

    public async Task<Page<Execution>> ExecutionsAsync(Guid jobId, ExecutionFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Executions.AsNoTracking().Where(e => e.JobId == jobId);
        if (filter.QuestionId is not null)
        {
            query = query.Where(e => e.QuestionId == filter.QuestionId);
        }
        if (filter.ModelId is not null)
        {
            query = query.Where(e => e.ModelId == filter.ModelId);
        }
        if (filter.Region is not null)
        {
            query = query.Where(e => e.Region == filter.Region);
        }
        if (filter.Status is not null)
        {
            query = query.Where(e => e.Status == filter.Status);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(e => e.Id).Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<Execution>(items, total, page, pageSize);
    }

    public async Task<IReadOnlyList<Execution>> ExecutionsByIdAsync(Guid jobId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().Where(e => e.JobId == jobId && ids.Contains(e.Id)).ToListAsync(cancellationToken);
    }

    public async Task<Execution?> ExecutionAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    private static async Task<Dictionary<Guid, StatusCounts>> CountsAsync(BeaconDbContext db, List<Guid> ids, CancellationToken cancellationToken)
    {
        var rows = await db.Executions.AsNoTracking().Where(e => ids.Contains(e.JobId))
            .GroupBy(e => new { e.JobId, e.Status })
            .Select(g => new { g.Key.JobId, g.Key.Status, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.JobId).ToDictionary(g => g.Key, g => StatusCounts.From(g.Select(r => (r.Status, r.Count))));
    }

    private static JobSummary Summarise(Job j, StatusCounts counts) => new(
        j.Id, j.Name, j.Status, j.ExecutionCount, j.Models, j.Regions, j.Questions.Count, j.Repeats, j.Temperature, j.MaxTokens, j.Seed,
        j.SubmittedBy, j.CreatedAt, j.QueuedAt, j.StartedAt, j.FinishedAt, counts);
}
