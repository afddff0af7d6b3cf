using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Read side for pages and the API: one short-lived context per call, no tracking. Lists are filtered to what the
/// viewer may see (<see cref="JobAccess"/>); methods that take a job or execution id expect the caller to have checked
/// access to it first (the API's job filter, the pages' load).
/// </summary>
public sealed class JobQueries(IDbContextFactory<BeaconDbContext> dbFactory, NpgsqlDataSource dataSource)
{
    public Task<Page<JobSummary>> ListAsync(Viewer viewer, JobStatus? status, int page, int pageSize, CancellationToken cancellationToken) =>
        ListAsync(viewer, status, JobSort.CreatedAt, descending: true, page, pageSize, cancellationToken);

    public async Task<Page<JobSummary>> ListAsync(
        Viewer viewer, JobStatus? status, JobSort sort, bool descending, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = JobAccess.Visible(db, viewer).AsNoTracking();
        if (status is not null)
        {
            query = query.Where(j => j.Status == status);
        }
        var total = await query.CountAsync(cancellationToken);
        var ordered = (sort, descending) switch
        {
            (JobSort.Name, false) => query.OrderBy(j => j.Name),
            (JobSort.Name, true) => query.OrderByDescending(j => j.Name),
            (JobSort.Status, false) => query.OrderBy(j => j.Status),
            (JobSort.Status, true) => query.OrderByDescending(j => j.Status),
            (JobSort.ExecutionCount, false) => query.OrderBy(j => j.ExecutionCount),
            (JobSort.ExecutionCount, true) => query.OrderByDescending(j => j.ExecutionCount),
            (_, false) => query.OrderBy(j => j.CreatedAt),
            _ => query.OrderByDescending(j => j.CreatedAt),
        };
        // Ties (same name or status) keep a stable order across pages.
        var jobs = await ordered.ThenByDescending(j => j.CreatedAt).ThenBy(j => j.Id)
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

    /// <summary>How many jobs are in each status (statuses without jobs are absent).</summary>
    public async Task<IReadOnlyDictionary<JobStatus, int>> StatusTotalsAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await JobAccess.Visible(db, viewer).AsNoTracking().GroupBy(j => j.Status)
            .Select(g => new { Status = g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Status, g => g.Count, cancellationToken);
    }

    /// <summary>The question catalogue researchers pick from, by category then id.</summary>
    /// <summary>The questions <paramref name="viewer"/> may use and the sets they belong to (the New job page).</summary>
    public async Task<QuestionCatalog> QuestionCatalogAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sets = await QuestionAccess.VisibleSets(db, viewer).AsNoTracking().OrderBy(s => s.ImportedAt)
            .Select(s => new { s.Id, s.Name, s.SharedWithEveryone, s.OwnerId }).ToListAsync(cancellationToken);
        var rows = await QuestionAccess.VisibleQuestions(db, viewer).AsNoTracking()
            .Select(q => new { q.Id, q.Category, q.Text, q.Language, q.VariantGroup, q.DatasetId, q.Position })
            .ToListAsync(cancellationToken);
        var bySet = rows.ToLookup(q => q.DatasetId);
        var builtIn = bySet[null].OrderBy(q => q.Category, StringComparer.Ordinal).ThenBy(q => q.Id, StringComparer.Ordinal).ToList();
        var ordered = new List<Question>(rows.Count);
        var choices = new List<QuestionCatalogSet>(sets.Count + 1);
        ordered.AddRange(builtIn.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)));
        choices.Add(new QuestionCatalogSet(null, QuestionCatalogSet.BuiltInName, true, false, builtIn.Select(q => q.Id).ToList()));
        foreach (var set in sets)
        {
            var questions = bySet[set.Id].OrderBy(q => q.Position).ThenBy(q => q.Id, StringComparer.Ordinal).ToList();
            ordered.AddRange(questions.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)));
            choices.Add(new QuestionCatalogSet(set.Id, set.Name, set.SharedWithEveryone, set.OwnerId == viewer.UserId, questions.Select(q => q.Id).ToList()));
        }
        return new QuestionCatalog(ordered, choices);
    }

    /// <summary>Every execution of a job, without answer texts: what the job page's rows need.</summary>
    public async Task<IReadOnlyList<ExecutionRow>> ExecutionRowsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ExecutionRows.ReadAsync(connection, jobId, null, cancellationToken);
    }

    /// <summary>Some executions of a job, without answer texts: the rows a live notification named.</summary>
    public async Task<IReadOnlyList<ExecutionRow>> ExecutionRowsByIdAsync(Guid jobId, IReadOnlyCollection<long> ids, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        return await ExecutionRows.ReadAsync(connection, jobId, ids, cancellationToken);
    }

    public async Task<Execution?> ExecutionAsync(long id, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
    }

    /// <summary>
    /// The answers to one question of a job, with their texts: every region of one model, or every model in one region
    /// (whichever of <paramref name="model"/> and <paramref name="region"/> is given), all repeats.
    /// </summary>
    public async Task<IReadOnlyList<AnswerRow>> AnswersAsync(Guid jobId, string questionId, string? model, string? region, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Executions.AsNoTracking().Where(e => e.JobId == jobId && e.QuestionId == questionId);
        if (model is not null)
        {
            query = query.Where(e => e.ModelId == model);
        }
        if (region is not null)
        {
            query = query.Where(e => e.Region == region);
        }
        return await query.OrderBy(e => e.RepeatIndex).ThenBy(e => e.Id)
            .Select(e => new AnswerRow(e.Id, e.QuestionId, e.ModelId, e.Region, e.RepeatIndex, e.Status, e.ResponseText, e.Classification, e.OverrideClass, e.ErrorCode,
                e.PlacementVerdict, e.PlacementProvider, e.PlacementRegion, e.Persona))
            .ToListAsync(cancellationToken);
    }

    /// <summary>The classifier versions that classified a job's executions (what a re-classification would replace).</summary>
    public async Task<IReadOnlyList<string>> ClassifierVersionsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().Where(e => e.JobId == jobId && e.ClassifierVersion != null)
            .Select(e => e.ClassifierVersion!).Distinct().OrderBy(v => v).ToListAsync(cancellationToken);
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
        j.SubmittedBy, j.CreatedAt, j.QueuedAt, j.StartedAt, j.FinishedAt, counts, j.Personas) { Judge = j.Judge };
}
