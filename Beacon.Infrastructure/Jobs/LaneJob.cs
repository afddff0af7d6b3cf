using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Core.Analysis;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Placement;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Options;
using Beacon.Infrastructure.Services;
using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Runs one (model, region) lane of a job: the cells of that lane that are not terminal, with bounded concurrency
/// against that region's endpoint only. Safe to run twice (an advisory lock serialises runs of one lane; only
/// non-terminal cells are loaded) and resumes after a crash.
/// </summary>
public sealed class LaneJob(
    IDbContextFactory<BeaconDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    IInferenceClient client,
    RegionLimiter limiter,
    ResponseClassifier classifier,
    JobFinalizer finalizer,
    CostService costs,
    IOptions<WorkerOptions> workerOptions,
    IOptions<InferenceOptions> inferenceOptions,
    TimeProvider time,
    ILogger<LaneJob> logger)
{
    private static readonly TimeSpan CancelPollInterval = TimeSpan.FromSeconds(1);

    // Hangfire's own retries stay low so they never multiply with the HTTP pipeline's retries.
    [AutomaticRetry(Attempts = 2, DelaysInSeconds = [5, 30])]
    [JobDisplayName("Lane {1} @ {2} of job {0}")]
    public async Task RunAsync(Guid jobId, string model, string region, CancellationToken cancellationToken)
    {
        // One run per lane at a time, across processes: a session advisory lock, released explicitly (a pooled
        // connection would otherwise keep it until reused) or by PostgreSQL when a crashed worker's session ends.
        var key = LaneKey(jobId, model, region);
        await using var laneLock = await dataSource.OpenConnectionAsync(cancellationToken);
        await using (var acquire = new NpgsqlCommand("SELECT pg_advisory_lock(@key)", laneLock) { CommandTimeout = 0 })
        {
            acquire.Parameters.AddWithValue("key", key);
            await acquire.ExecuteNonQueryAsync(cancellationToken);
        }
        try
        {
            await RunLockedAsync(jobId, model, region, cancellationToken);
        }
        finally
        {
            try
            {
                await using var release = new NpgsqlCommand("SELECT pg_advisory_unlock(@key)", laneLock);
                release.Parameters.AddWithValue("key", key);
                await release.ExecuteNonQueryAsync(CancellationToken.None);
            }
            catch (Exception ex) when (DatabaseRetry.IsTransient(ex))
            {
                // The session is gone, and PostgreSQL released its locks with it.
                logger.LogDebug(ex, "Lane lock connection was already closed");
            }
        }
    }

    private async Task RunLockedAsync(Guid jobId, string model, string region, CancellationToken cancellationToken)
    {

        Job? job;
        List<PendingCell> cells;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
            if (job is null)
            {
                logger.LogWarning("Lane {Model}@{Region}: job {JobId} does not exist", model, region, jobId);
                return;
            }
        }
        cells = await CellsAfterAsync(jobId, model, region, after: 0, cancellationToken);

        if (cells.Count > 0 && job.CancelRequestedAt is null)
        {
            await DatabaseRetry.RunAsync(() => RecordInterruptedAttemptsAsync(jobId, model, region, cancellationToken), logger, "Recording interrupted attempts");
        }

        if (cells.Count == 0 || job.CancelRequestedAt is not null)
        {
            await SetStageAsync(jobId, model, region, job.CancelRequestedAt is null ? LaneStage.Done : LaneStage.Cancelled, cancellationToken);
            await finalizer.TryFinalizeAsync(jobId, cancellationToken);
            return;
        }

        using var cancelled = new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, cancelled.Token);
        using var watcher = new CancellationTokenSource();
        var watch = WatchForCancelAsync(jobId, cancelled, watcher.Token);

        var parameters = new GenerationParameters(job.Temperature, job.MaxTokens, job.Seed);
        try
        {
            await WarmUpAsync(jobId, model, region, cells[0].SystemPrompt, linked.Token);
            await DatabaseRetry.RunAsync(() => SetStageAsync(jobId, model, region, LaneStage.Running, linked.Token), logger, "Marking a lane running");

            await using var writer = new ExecutionWriter(
                dataSource, jobId, workerOptions.Value.WriteBatchSize,
                TimeSpan.FromMilliseconds(workerOptions.Value.WriteBatchDelayMs), logger, cancellationToken);
            try
            {
                await Parallel.ForEachAsync(
                    AllCellsAsync(cells, jobId, model, region, linked.Token),
                    new ParallelOptions { MaxDegreeOfParallelism = limiter.Limit(model, region), CancellationToken = linked.Token },
                    (cell, ct) => RunCellAsync(writer, cell, model, region, parameters, cancelled.Token, ct));
            }
            catch (OperationCanceledException) when (cancelled.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                logger.LogInformation("Lane {Model}@{Region} of job {JobId} stopped: the job was cancelled", model, region, jobId);
            }
            await writer.CompleteAsync();
        }
        finally
        {
            await watcher.CancelAsync();
            await watch;
        }

        // A shutdown leaves unfinished cells as they are; Hangfire runs the lane again and they resume.
        cancellationToken.ThrowIfCancellationRequested();
        // A cancel can also reach the lane only through its cells (their starts no longer apply) before the watcher sees it.
        var cancelRequested = cancelled.IsCancellationRequested;
        if (!cancelRequested)
        {
            await DatabaseRetry.RunAsync(async () => cancelRequested = await CancelRequestedAsync(jobId, CancellationToken.None), logger, "Reading whether the job was cancelled");
        }
        var stage = cancelRequested ? LaneStage.Cancelled : LaneStage.Done;
        await DatabaseRetry.RunAsync(() => SetStageAsync(jobId, model, region, stage, CancellationToken.None), logger, "Marking a lane done");
        await DatabaseRetry.RunAsync(() => finalizer.TryFinalizeAsync(jobId, CancellationToken.None), logger, "Finalizing a job");
    }

    private async ValueTask RunCellAsync(
        ExecutionWriter writer, PendingCell cell, string model, string region, GenerationParameters parameters,
        CancellationToken jobCancelled, CancellationToken ct)
    {
        using var slot = await limiter.AcquireAsync(model, region, ct);
        var requestId = Guid.CreateVersion7();
        var startedAt = time.GetUtcNow();
        // The start and its request id are committed before the call goes out: whatever happens to this process during
        // the call, the attempt is in the cell's history (interrupted, if nobody records its end).
        if (!await writer.StartAsync(new CellUpdate { ExecutionId = cell.Id, Status = ExecutionStatus.Running, At = startedAt, RequestId = requestId }, ct))
        {
            return;
        }

        InferenceOutcome outcome;
        try
        {
            outcome = await client.InferAsync(new InferenceCall(requestId, model, region, cell.Prompt, cell.SystemPrompt, parameters), ct);
        }
        catch (OperationCanceledException) when (jobCancelled.IsCancellationRequested)
        {
            var at = time.GetUtcNow();
            writer.Enqueue(new CellUpdate
            {
                ExecutionId = cell.Id,
                Status = ExecutionStatus.Cancelled,
                At = at,
                ErrorCode = "cancelled",
                ErrorMessage = "The job was cancelled while this call was in flight.",
                AttemptJson = AttemptJson(cell.AttemptCount + 1, requestId, startedAt, at, "cancelled", null, "cancelled", null, 0),
            });
            throw;
        }

        var finishedAt = time.GetUtcNow();
        var status = outcome.Answered ? ExecutionStatus.Succeeded : ExecutionStatus.Failed;
        var classification = classifier.Classify(ClassificationInput.From(outcome, cell.Prompt));
        var cost = costs.Bill(model, region, outcome, finishedAt - startedAt);
        var placement = PlacementCheck.Judge(region, outcome.Placement, outcome.ReportedRegion, outcome.PlacementDeclared);
        writer.Enqueue(new CellUpdate
        {
            ExecutionId = cell.Id,
            Status = status,
            At = finishedAt,
            Response = outcome.Response,
            TokensGenerated = outcome.TokensGenerated,
            InferenceSeconds = outcome.InferenceSeconds,
            BilledSeconds = cost.BilledSeconds,
            CostUsd = cost.Usd,
            ReportedRegion = outcome.ReportedRegion,
            RegionMismatch = placement.RegionMismatch,
            PlacementProvider = outcome.Placement?.Provider,
            PlacementRegion = outcome.Placement?.Region,
            PlacementVerdict = placement.Verdict.ToString(),
            Emulated = outcome.Emulated,
            Moderated = outcome.Moderated,
            Receipt = outcome.ReceiptJson,
            ErrorCode = outcome.ErrorCode,
            ErrorMessage = outcome.ErrorMessage,
            Classification = classification.Class.ToString(),
            ClassifierVersion = classification.Version,
            ClassificationRule = classification.Rule,
            ClassificationEvidence = classification.Evidence,
            AttemptJson = AttemptJson(
                cell.AttemptCount + 1, requestId, startedAt, finishedAt, status == ExecutionStatus.Succeeded ? "succeeded" : "failed",
                outcome.HttpStatus, outcome.ErrorCode, outcome.ReportedRegion, outcome.HttpRequests, cost, outcome.Requests),
        });
    }

    private async Task WarmUpAsync(Guid jobId, string model, string region, string systemPrompt, CancellationToken ct)
    {
        await DatabaseRetry.RunAsync(() => SetStageAsync(jobId, model, region, LaneStage.WarmingUp, ct), logger, "Marking a lane warming up");
        var started = Stopwatch.GetTimestamp();
        string note;
        // Health informs, never gates: whatever it says, the lane goes on.
        var health = await client.CheckHealthAsync(region, ct);
        if (health.Reachable && health.ModelsReady.Contains(model))
        {
            note = "already warm";
        }
        else
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(inferenceOptions.Value.WarmupTimeout);
            try
            {
                var outcome = await client.InferAsync(
                    new InferenceCall(Guid.CreateVersion7(), model, region, "Reply with the single word OK.", systemPrompt, new GenerationParameters(0, 1, null)),
                    timeout.Token);
                note = outcome.Answered ? "warmed up" : $"warm-up call failed: {outcome.ErrorCode}";
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                note = "warm-up timed out";
            }
        }
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        logger.LogInformation("Lane {Model}@{Region}: {Note} in {Seconds:F1}s", model, region, note, seconds);
        await DatabaseRetry.RunAsync(async () =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            await db.JobLanes.Where(l => l.JobId == jobId && l.ModelId == model && l.Region == region)
                .ExecuteUpdateAsync(s => s.SetProperty(l => l.WarmupSeconds, seconds).SetProperty(l => l.WarmupNote, note), ct);
        }, logger, "Recording a warm-up");
    }

    private async Task SetStageAsync(Guid jobId, string model, string region, LaneStage stage, CancellationToken ct)
    {
        await using var connection = await dataSource.OpenConnectionAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        await using (var cmd = new NpgsqlCommand(
            $"""
            UPDATE job_lanes SET stage = @stage, worker = @worker, updated_at = @now,
                warmup_started_at = CASE WHEN @stage = {LaneStageSql.WarmingUp} THEN @now ELSE warmup_started_at END
            WHERE job_id = @job AND model_id = @model AND region = @region
            """, connection, transaction))
        {
            cmd.Parameters.AddWithValue("stage", stage.ToString());
            cmd.Parameters.AddWithValue("worker", Environment.MachineName + "/" + Environment.ProcessId);
            cmd.Parameters.AddWithValue("now", time.GetUtcNow());
            cmd.Parameters.AddWithValue("job", jobId);
            cmd.Parameters.AddWithValue("model", model);
            cmd.Parameters.AddWithValue("region", region);
            await cmd.ExecuteNonQueryAsync(ct);
        }
        await JobNotifications.LaneStageChangedAsync(connection, transaction, jobId, model, region, stage);
        await transaction.CommitAsync(ct);
    }

    /// <summary>Cancel is a row change (it may come from another process): poll it, cheaply, once a second.</summary>
    private async Task<bool> CancelRequestedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.Where(j => j.Id == jobId).Select(j => j.CancelRequestedAt).FirstOrDefaultAsync(cancellationToken) is not null;
    }

    private async Task WatchForCancelAsync(Guid jobId, CancellationTokenSource cancelled, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(CancelPollInterval, stop);
                try
                {
                    if (await CancelRequestedAsync(jobId, stop))
                    {
                        await cancelled.CancelAsync();
                        return;
                    }
                }
                catch (Exception ex) when (DatabaseRetry.IsTransient(ex) || ex is InvalidOperationException { InnerException: NpgsqlException })
                {
                    // The database is restarting: keep watching.
                    logger.LogDebug(ex, "Cancel watcher of job {JobId} could not read the job", jobId);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string AttemptJson(
        int attempt, Guid requestId, DateTimeOffset started, DateTimeOffset finished, string outcome,
        int? httpStatus, string? errorCode, string? reportedRegion, int httpRequests, CallCost? cost = null, IReadOnlyList<HttpTry>? requests = null) =>
        JsonSerializer.Serialize(new
        {
            attempt,
            request_id = requestId,
            started_at = started,
            finished_at = finished,
            seconds = Math.Round((finished - started).TotalSeconds, 3),
            outcome,
            http_status = httpStatus,
            http_requests = httpRequests,
            error_code = errorCode,
            reported_region = reportedRegion,
            billed_seconds = cost?.BilledSeconds,
            cost_usd = cost?.Usd,
            // Each HTTP request of the attempt (retries, 303 polls): which ones failed and how.
            requests = requests?.Select(r => new { method = r.Method, status = r.Status, error = r.Error, seconds = r.Seconds }),
        });

    /// <summary>
    /// Cells still Running when the lane starts were in flight in a worker that died (the lane lock proves no other
    /// worker runs them): their call is recorded in the history as an interrupted attempt, with its request id and start,
    /// before they are called again. Their attempt count already counts it, so the history and the count agree.
    /// </summary>
    private async Task RecordInterruptedAttemptsAsync(Guid jobId, string model, string region, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var cmd = new NpgsqlCommand(
            $"""
            UPDATE executions
            SET status = {ExecutionStatusSql.Pending},
                attempts = attempts || jsonb_build_array(jsonb_build_object(
                    'attempt', attempt_count, 'request_id', request_id, 'started_at', started_at, 'finished_at', @now,
                    'outcome', 'interrupted', 'error_code', 'worker_lost', 'http_requests', NULL))
            WHERE job_id = @job AND model_id = @model AND region = @region AND status = {ExecutionStatusSql.Running}
            """, connection);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("model", model);
        cmd.Parameters.AddWithValue("region", region);
        cmd.Parameters.AddWithValue("now", time.GetUtcNow());
        var interrupted = await cmd.ExecuteNonQueryAsync(cancellationToken);
        if (interrupted > 0)
        {
            logger.LogWarning("Lane {Model}@{Region} of job {JobId}: {Count} cells were in flight in a worker that stopped; calling them again",
                model, region, jobId, interrupted);
        }
    }

    internal static long LaneKey(Guid jobId, string model, string region)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{jobId:N}|{model}|{region}"));
        return BitConverter.ToInt64(hash, 0);
    }

    // The lane's unfinished cells a page at a time (keyset on the lane index, ix_executions_lane), so a lane of a
    // million-cell job never holds all its prompts: memory stays a page per lane whatever the job's size (decision 0019).
    private const int CellPageSize = 2_000;

    private async Task<List<PendingCell>> CellsAfterAsync(Guid jobId, string model, string region, long after, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        return await db.Executions.AsNoTracking()
            .Where(e => e.JobId == jobId && e.ModelId == model && e.Region == region && e.Id > after
                && (e.Status == ExecutionStatus.Pending || e.Status == ExecutionStatus.Running))
            .OrderBy(e => e.Id)
            .Take(CellPageSize)
            .Select(e => new PendingCell(e.Id, e.Prompt, e.SystemPrompt, e.AttemptCount))
            .ToListAsync(ct);
    }

    private async IAsyncEnumerable<PendingCell> AllCellsAsync(
        List<PendingCell> first, Guid jobId, string model, string region, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        var page = first;
        while (true)
        {
            foreach (var cell in page)
            {
                yield return cell;
            }
            if (page.Count < CellPageSize)
            {
                yield break;
            }
            // Cells after the page's last are untouched by this run (cells are called in id order), so none is skipped.
            var after = page[^1].Id;
            List<PendingCell> next = [];
            await DatabaseRetry.RunAsync(async () => next = await CellsAfterAsync(jobId, model, region, after, ct), logger, "Reading a lane's next cells");
            page = next;
        }
    }

    private sealed record PendingCell(long Id, string Prompt, string SystemPrompt, int AttemptCount);
}
