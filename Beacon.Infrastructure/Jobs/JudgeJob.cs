using System.Security.Cryptography;
using System.Text;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Judge;
using Beacon.Infrastructure.Options;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Has the configured LLM judge classify a finished job's answered executions, beside the built-in class (one row per
/// verdict in execution_classifications, source Judge; the execution's own class is never touched). Runs after the job,
/// never inside the lanes. Safe to run twice: runs of one job are serialised by an advisory lock, and an answer that
/// already has a verdict from this judge model and rubric is skipped (a failed verdict is tried again).
/// </summary>
public sealed class JudgeJob(
    IDbContextFactory<BeaconDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    JudgeClient judge,
    IOptions<JudgeOptions> options,
    TimeProvider time,
    ILogger<JudgeJob> logger)
{
    private const int PageSize = 200;

    [AutomaticRetry(Attempts = 1, DelaysInSeconds = [60])]
    [JobDisplayName("Judge job {0}")]
    public async Task RunAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (judge.Model is not { } model)
        {
            logger.LogWarning("Job {JobId} asked for the LLM judge, but none is configured ({Section}); nothing judged", jobId, JudgeOptions.SectionName);
            return;
        }
        var key = LockKey(jobId);
        await using var jobLock = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", jobLock) { CommandTimeout = 0 })
        {
            acquire.Parameters.AddWithValue("key", key);
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await JudgeAllAsync(jobId, model, cancellationToken);
        }
        finally
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", jobLock);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (DatabaseRetry.IsTransient(ex))
            {
                logger.LogDebug(ex, "Judge lock connection was already closed");
            }
        }
    }

    private async Task JudgeAllAsync(Guid jobId, string model, CancellationToken cancellationToken)
    {
        int judged = 0, failed = 0;
        long after = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrency, CancellationToken = cancellationToken };
        while (true)
        {
            var page = await NextPageAsync(jobId, model, after, cancellationToken);
            if (page.Count == 0)
            {
                break;
            }
            after = page[^1].Id;
            await Parallel.ForEachAsync(page, parallel, async (answer, ct) =>
            {
                var call = await judge.JudgeAsync(answer.Question, answer.Text, ct);
                await SaveAsync(jobId, answer.Id, model, call, ct);
                if (call.Verdict.Parsed)
                {
                    Interlocked.Increment(ref judged);
                }
                else
                {
                    Interlocked.Increment(ref failed);
                }
            });
        }
        logger.LogInformation("Job {JobId} judged by {Model} with {Rubric}: {Judged} verdicts, {Failed} judge failures",
            jobId, model, JudgeRubric.Version, judged, failed);
    }

    private async Task<List<Answer>> NextPageAsync(Guid jobId, string model, long after, CancellationToken cancellationToken)
    {
        var page = new List<Answer>(PageSize);
        await using var select = dataSource.CreateCommand(
            """
            SELECT e.id, e.prompt, e.response_text FROM executions e
            WHERE e.job_id = @job AND e.status = 'Succeeded' AND e.response_text <> '' AND e.id > @after
              AND NOT EXISTS (SELECT 1 FROM execution_classifications c
                              WHERE c.execution_id = e.id AND c.source = 'Judge' AND c.class IS NOT NULL
                                AND c.judge_model = @model AND c.version = @rubric)
            ORDER BY e.id LIMIT @limit
            """);
        select.Parameters.AddWithValue("job", jobId);
        select.Parameters.AddWithValue("after", after);
        select.Parameters.AddWithValue("model", model);
        select.Parameters.AddWithValue("rubric", JudgeRubric.Version);
        select.Parameters.AddWithValue("limit", PageSize);
        await using var reader = await select.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            page.Add(new Answer(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }
        return page;
    }

    private async Task SaveAsync(Guid jobId, long executionId, string model, JudgeCall call, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        db.ExecutionClassifications.Add(new ExecutionClassification
        {
            ExecutionId = executionId,
            JobId = jobId,
            Source = ClassificationSource.Judge,
            Class = call.Verdict.Class?.ToString(),
            Version = JudgeRubric.Version,
            Evidence = Shorten(call.Verdict.Reason, 256),
            JudgeModel = Shorten(model, 200),
            RawVerdict = call.RawReply,
            InputTokens = call.InputTokens,
            OutputTokens = call.OutputTokens,
            CostUsd = call.CostUsd,
            Error = Shorten(call.Verdict.Error, 1000),
            ClassifiedAt = time.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }

    internal static long LockKey(Guid jobId) => BitConverter.ToInt64(SHA256.HashData(Encoding.UTF8.GetBytes($"judge|{jobId:N}")), 0);

    private static string? Shorten(string? text, int max) => text is null || text.Length <= max ? text : text[..(max - 1)] + "…";

    private sealed record Answer(long Id, string Question, string Text);
}
