using System.Globalization;
using Beacon.Core.Catalog;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Core.Validation;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Options;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Infrastructure.Services;

/// <summary>Submits, cancels and retries jobs. Shared by the API, the pages and the tests.</summary>
public sealed class JobService(
    IDbContextFactory<BeaconDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    IBackgroundJobClient backgroundJobs,
    IOptions<JobOptions> jobOptions,
    IOptions<JudgeOptions> judgeOptions,
    TimeProvider time,
    ILogger<JobService> logger)
{
    public JobLimits Limits => new() { MaxExecutions = jobOptions.Value.MaxExecutions, MaxRepeats = jobOptions.Value.MaxRepeats };

    /// <summary>Submits a job owned by <paramref name="submitter"/>, who may use only the questions they can see (<see cref="QuestionAccess"/>).</summary>
    public async Task<SubmissionResult> SubmitAsync(JobRequest request, Viewer submitter, string? idempotencyKey, CancellationToken cancellationToken)
    {
        var submittedBy = submitter.UserId;
        if (idempotencyKey is { Length: > 200 })
        {
            return Invalid("idempotencyKey", "The Idempotency-Key header must be at most 200 characters.");
        }
        if (idempotencyKey is not null && await FindByKeyAsync(submittedBy, idempotencyKey, cancellationToken) is { } existing)
        {
            return new SubmissionResult(existing, true, new Dictionary<string, string[]>());
        }

        var result = await PlanAsync(request, submitter, cancellationToken);
        if (result.Plan is not { } plan)
        {
            return new SubmissionResult(null, false, result.Errors);
        }

        var job = new Job
        {
            Id = Guid.CreateVersion7(),
            Name = plan.Name,
            Status = JobStatus.Created,
            Questions = plan.Questions.Select(q => new JobQuestion { Id = q.Id, Category = q.Category, Text = q.Text, Language = q.Language, Group = q.VariantGroup }).ToList(),
            Models = plan.Models.ToList(),
            Regions = plan.Regions.ToList(),
            Personas = plan.RequestedPersonas.ToList(),
            Repeats = plan.Repeats,
            Temperature = plan.Parameters.Temperature,
            MaxTokens = plan.Parameters.MaxTokens,
            Seed = plan.Parameters.Seed,
            SystemPromptTemplate = plan.SystemPromptTemplate,
            Judge = request.Judge == true,
            ExecutionCount = plan.Cells.Count,
            SubmittedBy = submittedBy,
            IdempotencyKey = idempotencyKey,
            CreatedAt = time.GetUtcNow(),
        };

        try
        {
            await InsertAsync(job, plan, cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } && idempotencyKey is not null)
        {
            // Two submissions with one key raced; the other one won.
            var winner = await FindByKeyAsync(submittedBy, idempotencyKey, cancellationToken);
            return new SubmissionResult(winner, true, new Dictionary<string, string[]>());
        }

        await RefreshStatisticsAsync(job.ExecutionCount, cancellationToken);

        // The job and every cell are committed: from here on the submission has succeeded, whatever the queue does.
        // A failed hand-over (e.g. Hangfire's first use of a pooled connection after a PostgreSQL restart) is tried once
        // more, and if that fails too the job stays Created and JobQueueSweep queues it as soon as the database answers.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await EnqueueLanesAsync(job.Id, plan.Lanes, cancellationToken);
                job.Status = JobStatus.Queued;
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException && attempt < 2)
            {
                logger.LogWarning(ex, "Queueing job {JobId} failed; trying once more", job.Id);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Job {JobId} is stored but not yet queued; the queue sweep will queue it", job.Id);
                break;
            }
        }
        logger.LogInformation("Job {JobId} '{Name}' submitted by {User}: {Count} executions", job.Id, job.Name, submittedBy, job.ExecutionCount);
        return new SubmissionResult(job, false, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// Validates a request and expands it into cells, exactly as submitting by <paramref name="viewer"/> would, without
    /// saving anything. A question the viewer may not use is reported like an unknown one (field questionIds), so an id
    /// reveals nothing about other users' private sets.
    /// </summary>
    public Task<JobPlanResult> PlanAsync(JobRequest request, Viewer viewer, CancellationToken cancellationToken) =>
        PlanAsync(request, db => QuestionAccess.VisibleQuestions(db, viewer), cancellationToken);

    private async Task<JobPlanResult> PlanAsync(JobRequest request, Func<BeaconDbContext, IQueryable<StoredQuestion>> catalogue, CancellationToken cancellationToken)
    {
        // An id PostgreSQL cannot even compare (U+0000) is left to the planner, which names it.
        var ids = (request.QuestionIds ?? []).Where(id => id is not null && TextInput.Problem(id) is null).Select(id => id.Trim()).Distinct().ToList();
        Dictionary<string, Question> questions;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            questions = await catalogue(db).AsNoTracking()
                .Where(q => ids.Contains(q.Id))
                .ToDictionaryAsync(q => q.Id, q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup), cancellationToken);
            if (request.Languages is { Count: > 0 })
            {
                // The variants the "languages" shortcut may add: every question of the chosen questions' groups.
                var groups = questions.Values.Select(q => q.VariantGroup).Distinct().ToList();
                var variants = await catalogue(db).AsNoTracking().Where(q => groups.Contains(q.VariantGroup) && !ids.Contains(q.Id))
                    .Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)).ToListAsync(cancellationToken);
                foreach (var variant in variants)
                {
                    questions[variant.Id] = variant;
                }
            }
        }
        var result = new JobPlanner(Limits).Plan(request, questions, BuiltInCatalog.Models.Select(m => m.Id).ToList(), BuiltInCatalog.Regions);
        if (request.Judge == true && !judgeOptions.Value.IsConfigured)
        {
            var errors = result.Errors.ToDictionary(e => e.Key, e => e.Value);
            errors["judge"] = [JudgeService.NotConfigured + " Submit without \"judge\": true."];
            return new JobPlanResult(null, errors);
        }
        return result;
    }

    public async Task<JobActionResult> CancelAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var now = time.GetUtcNow();
        string? status;
        await using (var read = new NpgsqlCommand("SELECT status FROM jobs WHERE id = @job FOR UPDATE", connection, transaction))
        {
            read.Parameters.AddWithValue("job", jobId);
            status = (string?)await read.ExecuteScalarAsync(cancellationToken);
        }
        if (status is null)
        {
            return new JobActionResult(JobActionOutcome.NotFound, 0, "No such job.");
        }
        if (!JobStateRules.CanCancel(Enum.Parse<JobStatus>(status)))
        {
            return new JobActionResult(JobActionOutcome.NotAllowed, 0, $"The job is already {status.ToLowerInvariant()}.");
        }

        List<long> ids = [];
        await using (var cells = new NpgsqlCommand(
            $"""
            UPDATE executions SET status = {ExecutionStatusSql.Cancelled}, completed_at = @now, error_code = 'cancelled',
                error_message = 'The job was cancelled before this cell finished.'
            WHERE job_id = @job AND status IN {ExecutionStatusSql.Unfinished}
            RETURNING id
            """, connection, transaction))
        {
            cells.Parameters.AddWithValue("job", jobId);
            cells.Parameters.AddWithValue("now", now);
            await using var reader = await cells.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetInt64(0));
            }
        }
        await using (var job = new NpgsqlCommand(
            $"UPDATE jobs SET status = {JobStatusSql.Cancelled}, cancel_requested_at = @now, finished_at = @now WHERE id = @job",
            connection, transaction))
        {
            job.Parameters.AddWithValue("job", jobId);
            job.Parameters.AddWithValue("now", now);
            await job.ExecuteNonQueryAsync(cancellationToken);
        }
        await using (var lanes = new NpgsqlCommand($"UPDATE job_lanes SET stage = {LaneStageSql.Cancelled}, updated_at = @now WHERE job_id = @job AND stage <> {LaneStageSql.Done}", connection, transaction))
        {
            lanes.Parameters.AddWithValue("job", jobId);
            lanes.Parameters.AddWithValue("now", now);
            await lanes.ExecuteNonQueryAsync(cancellationToken);
        }
        await JobNotifications.ExecutionsChangedAsync(connection, transaction, jobId, ids);
        await JobNotifications.JobStatusChangedAsync(connection, transaction, jobId, JobStatus.Cancelled);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Job {JobId} cancelled; {Count} unfinished cells cancelled", jobId, ids.Count);
        return new JobActionResult(JobActionOutcome.Done, ids.Count, $"Cancelled; {ids.Count} unfinished executions stopped.");
    }

    /// <summary>
    /// Moves failed cells (all, or one) back to pending, keeping their attempt history and their prompt and
    /// parameters, and runs their lanes again. Cells that used up their attempts stay failed. A class override of a
    /// retried cell is removed: it judged the failed attempt, not the answer the retry will bring.
    /// </summary>
    public async Task<JobActionResult> RetryFailedAsync(Guid jobId, long? executionId, CancellationToken cancellationToken)
    {
        var lanes = new List<(string Model, string Region)>();
        var ids = new List<long>();
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            string? status;
            await using (var read = new NpgsqlCommand("SELECT status FROM jobs WHERE id = @job FOR UPDATE", connection, transaction))
            {
                read.Parameters.AddWithValue("job", jobId);
                status = (string?)await read.ExecuteScalarAsync(cancellationToken);
            }
            if (status is null)
            {
                return new JobActionResult(JobActionOutcome.NotFound, 0, "No such job.");
            }
            if (status == nameof(JobStatus.Cancelled))
            {
                return new JobActionResult(JobActionOutcome.NotAllowed, 0, "The job was cancelled; submit it again instead.");
            }

            await using (var retry = new NpgsqlCommand(
                $"""
                UPDATE executions SET status = {ExecutionStatusSql.Pending}, error_code = NULL, error_message = NULL, completed_at = NULL,
                    override_class = NULL, override_by = NULL, override_at = NULL, override_note = NULL
                WHERE job_id = @job AND status = {ExecutionStatusSql.Failed} AND attempt_count < @max AND (@cell::bigint IS NULL OR id = @cell)
                RETURNING id, model_id, region
                """, connection, transaction))
            {
                retry.Parameters.AddWithValue("job", jobId);
                retry.Parameters.AddWithValue("max", JobStateRules.MaxAttemptsPerCell);
                retry.Parameters.Add(new NpgsqlParameter("cell", NpgsqlDbType.Bigint) { Value = (object?)executionId ?? DBNull.Value });
                await using var reader = await retry.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    ids.Add(reader.GetInt64(0));
                    var lane = (reader.GetString(1), reader.GetString(2));
                    if (!lanes.Contains(lane))
                    {
                        lanes.Add(lane);
                    }
                }
            }

            if (ids.Count == 0)
            {
                await transaction.RollbackAsync(cancellationToken);
                var why = executionId is null
                    ? $"No failed executions with attempts left (at most {JobStateRules.MaxAttemptsPerCell} attempts per execution)."
                    : $"That execution is not failed, or has used its {JobStateRules.MaxAttemptsPerCell} attempts.";
                return new JobActionResult(JobActionOutcome.NotAllowed, 0, why);
            }

            await using (var job = new NpgsqlCommand(
                $"UPDATE jobs SET status = CASE WHEN status = {JobStatusSql.Running} THEN {JobStatusSql.Running} ELSE {JobStatusSql.Queued} END, finished_at = NULL WHERE id = @job",
                connection, transaction))
            {
                job.Parameters.AddWithValue("job", jobId);
                await job.ExecuteNonQueryAsync(cancellationToken);
            }
            await JobNotifications.ExecutionsChangedAsync(connection, transaction, jobId, ids);
            await JobNotifications.JobStatusChangedAsync(connection, transaction, jobId, JobStatus.Queued);
            await transaction.CommitAsync(cancellationToken);
        }

        foreach (var (model, region) in lanes)
        {
            backgroundJobs.Enqueue<LaneJob>(j => j.RunAsync(jobId, model, region, CancellationToken.None));
        }
        return new JobActionResult(JobActionOutcome.Done, ids.Count, $"Retrying {ids.Count} failed execution{(ids.Count == 1 ? "" : "s")}.");
    }

    /// <summary>
    /// Enqueues lanes for jobs that were stored but never handed to Hangfire (a crash or a database fault between the
    /// two) and are at least <paramref name="minimumAge"/> old, so that a submission still on its way is left alone.
    /// Enqueueing a lane twice is harmless: a lane runs once at a time and never calls a finished cell again.
    /// </summary>
    public async Task<int> RecoverUnqueuedJobsAsync(TimeSpan minimumAge, CancellationToken cancellationToken)
    {
        var before = time.GetUtcNow() - minimumAge;
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var stranded = await db.Jobs.AsNoTracking().Where(j => j.Status == JobStatus.Created && j.CreatedAt <= before)
            .Select(j => new { j.Id, j.Models, j.Regions }).ToListAsync(cancellationToken);
        foreach (var job in stranded)
        {
            await EnqueueLanesAsync(job.Id, job.Models.SelectMany(m => job.Regions.Select(r => (m, r))), cancellationToken);
            logger.LogWarning("Job {JobId} had been stored but not queued; queued now", job.Id);
        }
        return stranded.Count;
    }

    private async Task EnqueueLanesAsync(Guid jobId, IEnumerable<(string Model, string Region)> lanes, CancellationToken cancellationToken)
    {
        foreach (var (model, region) in lanes)
        {
            backgroundJobs.Enqueue<LaneJob>(j => j.RunAsync(jobId, model, region, CancellationToken.None));
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var cmd = new NpgsqlCommand(
            $"UPDATE jobs SET status = {JobStatusSql.Queued}, queued_at = @now WHERE id = @job AND status = {JobStatusSql.Created}", connection, transaction))
        {
            cmd.Parameters.AddWithValue("job", jobId);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        await JobNotifications.JobStatusChangedAsync(connection, transaction, jobId, JobStatus.Queued);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// A job's cells arrive by the thousand in one COPY, and until autovacuum's next pass (up to a minute later, or
    /// never for a table that is never idle long enough) the statistics do not know them: a new job's pending rows
    /// count as none, and queries planned from that read a whole job where they meant to read a few rows (issue 18).
    /// So the table is analyzed at once when the new cells are a tenth of it or more, as autovacuum would do later.
    /// The writer's plan does not depend on this (<see cref="Jobs.ExecutionWriter.PinPlansSql"/>); other queries do.
    /// </summary>
    private async Task RefreshStatisticsAsync(int cells, CancellationToken cancellationToken)
    {
        const int smallJob = 1_000;
        if (cells < smallJob)
        {
            return;
        }
        try
        {
            await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
            await using var estimate = new NpgsqlCommand("SELECT reltuples FROM pg_class WHERE oid = 'executions'::regclass", connection);
            var rows = Convert.ToDouble(await estimate.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
            if (rows > 0 && cells < rows / 10)
            {
                return;
            }
            // SKIP_LOCKED: if autovacuum or another submission is analyzing it already, that one will do.
            await using var analyze = new NpgsqlCommand("ANALYZE (SKIP_LOCKED) executions", connection);
            await analyze.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (NpgsqlException ex)
        {
            logger.LogWarning(ex, "Analyzing executions after a submission of {Count} cells failed; autovacuum will", cells);
        }
    }

    private async Task InsertAsync(Job job, JobPlan plan, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        db.Jobs.Add(job);
        db.JobLanes.AddRange(plan.Lanes.Select(l => new JobLane { JobId = job.Id, ModelId = l.Model, Region = l.Region, Stage = LaneStage.Waiting }));
        await db.SaveChangesAsync(cancellationToken);

        // Every cell exists, pending, from the start: binary COPY inside the same transaction as the job.
        var connection = (NpgsqlConnection)db.Database.GetDbConnection();
        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var cell in plan.Cells)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(job.Id, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync(cell.QuestionId, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.ModelId, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.Region, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.Persona, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.RepeatIndex, NpgsqlDbType.Integer, cancellationToken);
                await import.WriteAsync(nameof(ExecutionStatus.Pending), NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.Prompt, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(cell.SystemPrompt, NpgsqlDbType.Text, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private async Task<Job?> FindByKeyAsync(string submittedBy, string key, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.SubmittedBy == submittedBy && j.IdempotencyKey == key, cancellationToken);
    }

    private static SubmissionResult Invalid(string field, string message) =>
        new(null, false, new Dictionary<string, string[]> { [field] = [message] });
}
