using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Researchers' class overrides, and re-classification of a finished job with the current classifier. The classifier's
/// class stays in <c>classification</c>; an override lives beside it with who set it, when and why, and statistics use
/// it. Changes are announced like any other execution change (NOTIFY in the writing transaction). Every class an answer
/// was given stays queryable (<see cref="HistoryAsync"/>): the database records each change in execution_classifications.
/// </summary>
public sealed class ClassificationService(
    IDbContextFactory<BeaconDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    ResponseClassifier classifier,
    JudgeService judge,
    TimeProvider time,
    ILogger<ClassificationService> logger)
{
    public const int MaxNoteLength = 2000;
    private const int PageSize = 1000;

    /// <summary>Sets (or, with a null class, clears) the override of one finished execution.</summary>
    public async Task<OverrideResult> OverrideAsync(long executionId, ResponseClass? @class, string? note, string by, CancellationToken cancellationToken)
    {
        note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        if (note is { Length: > MaxNoteLength })
        {
            return new OverrideResult(JobActionOutcome.NotAllowed, null, $"The note must be at most {MaxNoteLength} characters.");
        }

        Guid? jobId;
        await using (var connection = await dataSource.OpenConnectionAsync(cancellationToken))
        await using (var transaction = await connection.BeginTransactionAsync(cancellationToken))
        {
            await using (var update = new NpgsqlCommand(
                $"""
                UPDATE executions SET override_class = @class, override_by = @by, override_at = @at, override_note = @note
                WHERE id = @id AND status IN {ExecutionStatusSql.Classified}
                RETURNING job_id
                """, connection, transaction))
            {
                var set = @class is not null;
                update.Parameters.AddWithValue("id", executionId);
                update.Parameters.Add(new NpgsqlParameter("class", NpgsqlDbType.Varchar) { Value = set ? @class.ToString()! : DBNull.Value });
                update.Parameters.Add(new NpgsqlParameter("by", NpgsqlDbType.Varchar) { Value = set ? by : DBNull.Value });
                update.Parameters.Add(new NpgsqlParameter("at", NpgsqlDbType.TimestampTz) { Value = set ? time.GetUtcNow() : DBNull.Value });
                update.Parameters.Add(new NpgsqlParameter("note", NpgsqlDbType.Varchar) { Value = set && note is not null ? note : DBNull.Value });
                jobId = (Guid?)await update.ExecuteScalarAsync(cancellationToken);
            }

            if (jobId is null)
            {
                await transaction.RollbackAsync(cancellationToken);
                var status = await StatusAsync(executionId, cancellationToken);
                return status is null
                    ? new OverrideResult(JobActionOutcome.NotFound, null, $"There is no execution {executionId}.")
                    : new OverrideResult(JobActionOutcome.NotAllowed, null, $"The execution is {status.ToString()!.ToLowerInvariant()}: only finished executions have a class to override.");
            }

            await JobNotifications.ExecutionsChangedAsync(connection, transaction, jobId.Value, [executionId]);
            await transaction.CommitAsync(cancellationToken);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var execution = await db.Executions.AsNoTracking().FirstAsync(e => e.Id == executionId, cancellationToken);
        logger.LogInformation("Execution {ExecutionId} of job {JobId}: class override {Override} by {User}", executionId, jobId, @class?.ToString() ?? "cleared", by);
        return new OverrideResult(JobActionOutcome.Done, execution,
            @class is null ? "The override was removed; the classifier's class applies." : $"The execution now counts as {@class}.");
    }

    /// <summary>Re-classifies a finished job with the current classifier only (see the overload with the judge).</summary>
    public Task<ReclassifyResult> ReclassifyAsync(Guid jobId, CancellationToken cancellationToken) => ReclassifyAsync(jobId, false, cancellationToken);

    /// <summary>
    /// Runs the current classifier over every finished execution of a finished job, in one transaction; overrides are
    /// left as they are, and the classes replaced stay in the history. With <paramref name="useJudge"/>, the configured
    /// LLM judge then classifies the answers in the background, beside the classifier.
    /// </summary>
    public async Task<ReclassifyResult> ReclassifyAsync(Guid jobId, bool useJudge, CancellationToken cancellationToken)
    {
        if (useJudge && !judge.IsConfigured)
        {
            return new ReclassifyResult(JobActionOutcome.NotAllowed, ResponseClassifier.Version, 0, 0, 0, 0, JudgeService.NotConfigured);
        }
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        string? status;
        // The job row first, exclusively: retry-failed and cancel take it the same way, so they wait for this to finish.
        await using (var read = new NpgsqlCommand("SELECT status FROM jobs WHERE id = @job FOR UPDATE", connection, transaction))
        {
            read.Parameters.AddWithValue("job", jobId);
            status = (string?)await read.ExecuteScalarAsync(cancellationToken);
        }
        if (status is null)
        {
            return new ReclassifyResult(JobActionOutcome.NotFound, ResponseClassifier.Version, 0, 0, 0, 0, "No such job.");
        }
        if (!JobStateRules.IsTerminal(Enum.Parse<JobStatus>(status)))
        {
            return new ReclassifyResult(JobActionOutcome.NotAllowed, ResponseClassifier.Version, 0, 0, 0, 0,
                $"The job is {status.ToLowerInvariant()}; re-classify it once it has finished.");
        }

        int examined = 0, changedClass = 0, overridden = 0;
        var updated = new List<Reclassified>();
        var changedIds = new List<long>();
        long after = 0;
        while (true)
        {
            var page = new List<Stored>(PageSize);
            await using (var select = new NpgsqlCommand(
                $"""
                SELECT id, status, response_text, error_code, moderated, prompt, classification, classifier_version,
                       classification_rule, classification_evidence, override_class
                FROM executions
                WHERE job_id = @job AND status IN {ExecutionStatusSql.Classified} AND id > @after
                ORDER BY id LIMIT @limit
                """, connection, transaction))
            {
                select.Parameters.AddWithValue("job", jobId);
                select.Parameters.AddWithValue("after", after);
                select.Parameters.AddWithValue("limit", PageSize);
                await using var reader = await select.ExecuteReaderAsync(cancellationToken);
                while (await reader.ReadAsync(cancellationToken))
                {
                    page.Add(new Stored(
                        reader.GetInt64(0), reader.GetString(1) == nameof(ExecutionStatus.Succeeded),
                        Nullable(reader, 2), Nullable(reader, 3), reader.GetBoolean(4), reader.GetString(5),
                        Nullable(reader, 6), Nullable(reader, 7), Nullable(reader, 8), Nullable(reader, 9), Nullable(reader, 10)));
                }
            }
            if (page.Count == 0)
            {
                break;
            }
            after = page[^1].Id;

            foreach (var row in page)
            {
                examined++;
                var now = classifier.Classify(new ClassificationInput(row.Response, row.Answered, row.ErrorCode, row.Moderated, row.Prompt));
                var @class = now.Class.ToString();
                if (@class != row.Class)
                {
                    changedClass++;
                    changedIds.Add(row.Id);
                    if (row.Override is not null)
                    {
                        overridden++;
                    }
                }
                if (@class != row.Class || now.Version != row.Version || now.Rule != row.Rule || now.Evidence != row.Evidence)
                {
                    updated.Add(new Reclassified(row.Id, @class, now.Version, now.Rule, now.Evidence));
                }
            }
        }

        foreach (var chunk in updated.Chunk(PageSize))
        {
            await using var write = new NpgsqlCommand(
                """
                UPDATE executions AS e
                SET classification = u.classification, classifier_version = u.version, classification_rule = u.rule, classification_evidence = u.evidence
                FROM unnest(@ids, @classes, @versions, @rules, @evidence) AS u(id, classification, version, rule, evidence)
                WHERE e.id = u.id
                """, connection, transaction);
            write.Parameters.Add(new NpgsqlParameter<long[]>("ids", chunk.Select(u => u.Id).ToArray()));
            write.Parameters.Add(Text("classes", chunk.Select(u => u.Class)));
            write.Parameters.Add(Text("versions", chunk.Select(u => u.Version)));
            write.Parameters.Add(Text("rules", chunk.Select(u => u.Rule)));
            write.Parameters.Add(Text("evidence", chunk.Select(u => u.Evidence)));
            await write.ExecuteNonQueryAsync(cancellationToken);
        }
        await JobNotifications.ExecutionsChangedAsync(connection, transaction, jobId, changedIds);
        await transaction.CommitAsync(cancellationToken);

        logger.LogInformation("Job {JobId} re-classified with {Version}: {Examined} examined, {Changed} changed class, {Updated} records rewritten",
            jobId, ResponseClassifier.Version, examined, changedClass, updated.Count);
        var message = $"Re-classified {examined} finished execution{(examined == 1 ? "" : "s")} with {ResponseClassifier.Version}: " +
            $"{changedClass} changed class" + (overridden > 0 ? $" ({overridden} of them keep their manual override)" : "") + ".";
        var judging = false;
        if (useJudge)
        {
            var queued = await judge.EnqueueAsync(jobId, cancellationToken);
            judging = queued.Outcome == JobActionOutcome.Done;
            message += " " + queued.Message;
        }
        return new ReclassifyResult(JobActionOutcome.Done, ResponseClassifier.Version, examined, changedClass, updated.Count, overridden, message) { JudgeQueued = judging };
    }

    /// <summary>
    /// Every class one execution was given, oldest first: each built-in classifier version that classified it (recorded by
    /// the database as the class changes) and each LLM judge verdict. Empty for an unknown or unclassified execution.
    /// </summary>
    public async Task<IReadOnlyList<ExecutionClassification>> HistoryAsync(long executionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.ExecutionClassifications.AsNoTracking()
            .Where(c => c.ExecutionId == executionId)
            .OrderBy(c => c.Id)
            .ToListAsync(cancellationToken);
    }

    private async Task<ExecutionStatus?> StatusAsync(long executionId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Executions.AsNoTracking().Where(e => e.Id == executionId).Select(e => (ExecutionStatus?)e.Status).FirstOrDefaultAsync(cancellationToken);
    }

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static NpgsqlParameter Text(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };

    private sealed record Stored(long Id, bool Answered, string? Response, string? ErrorCode, bool Moderated, string Prompt,
        string? Class, string? Version, string? Rule, string? Evidence, string? Override);

    private sealed record Reclassified(long Id, string Class, string Version, string Rule, string? Evidence);
}
