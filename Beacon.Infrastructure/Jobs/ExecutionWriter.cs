using System.Collections.Concurrent;
using System.Threading.Channels;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Batches cell updates of one lane into few transactions: one UPDATE ... FROM unnest(...) per kind, plus
/// pg_notify in the same transaction. Every UPDATE is guarded by "status is pending or running", so a terminal
/// cell never changes (a cancelled cell stays cancelled even if its answer arrives late).
/// The notification carries the changed rows as committed (the <see cref="ExecutionRow"/> a job page shows, read back
/// by the UPDATE's RETURNING; see <see cref="JobNotifications.RowsChangedAsync"/>), so a page applies them without
/// reading the database: a running job changes hundreds of rows a second, and every open page would otherwise query
/// them again.
/// </summary>
public sealed class ExecutionWriter : IAsyncDisposable
{
    /// <summary>
    /// Pins the plan of this transaction's UPDATEs to "for each id in the batch, its row by the primary key". The
    /// statistics of a table whose rows change status by the thousand are often wrong (right after a job's cells are
    /// COPYed its pending rows count as none), and PostgreSQL then chose to read every unfinished row of the job through
    /// the (job_id, status) index, or the whole table, for each batch: 10x the database CPU (issue 18, docs/decisions).
    /// With these off, and the status guard written so no index serves it (<see cref="UnfinishedGuard"/>), the only
    /// plan left is the nested loop over the primary key, whatever the statistics. Local to the writer's transaction.
    /// </summary>
    internal const string PinPlansSql =
        "SELECT set_config('enable_seqscan', 'off', true), set_config('enable_bitmapscan', 'off', true), " +
        "set_config('enable_hashjoin', 'off', true), set_config('enable_mergejoin', 'off', true)";

    /// <summary>
    /// "The cell is not terminal" as a CASE rather than <c>status IN (...)</c>: the planner can neither use an index for
    /// it nor estimate it from the status column's statistics, so it cannot make a scan by status look cheap. The rows
    /// are reached through the primary key; this only filters them.
    /// </summary>
    private const string UnfinishedGuard = "CASE WHEN e.status IN " + ExecutionStatusSql.Unfinished + " THEN true ELSE false END";

    private readonly NpgsqlDataSource _dataSource;
    private readonly Guid _jobId;
    private readonly int _batchSize;
    private readonly TimeSpan _batchDelay;
    private readonly ILogger _logger;
    private readonly CancellationToken _stopping;
    private readonly Channel<CellUpdate> _channel = Channel.CreateUnbounded<CellUpdate>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Task _loop;
    private readonly ConcurrentDictionary<long, TaskCompletionSource<bool>> _startsAwaited = new();
    private bool _markedRunning;

    public ExecutionWriter(NpgsqlDataSource dataSource, Guid jobId, int batchSize, TimeSpan batchDelay, ILogger logger, CancellationToken stopping)
    {
        _dataSource = dataSource;
        _jobId = jobId;
        _batchSize = batchSize;
        _batchDelay = batchDelay;
        _logger = logger;
        _stopping = stopping;
        _loop = Task.Run(RunAsync, CancellationToken.None);
    }

    public int Written { get; private set; }

    public void Enqueue(CellUpdate update)
    {
        if (!_channel.Writer.TryWrite(update))
        {
            throw new InvalidOperationException("The writer is closed.");
        }
    }

    /// <summary>
    /// Marks a cell running with its request id and returns once that is committed, so the call is sent only after the
    /// database knows it: a worker killed during the call leaves the cell Running with the request id the endpoint saw,
    /// and the lane's next run records that attempt as interrupted (issue 15). A batch holding such a start is written
    /// at once, without the batching delay. False when the cell is no longer pending or running (the job was cancelled
    /// meanwhile): then nothing is to be sent.
    /// </summary>
    public async Task<bool> StartAsync(CellUpdate start, CancellationToken cancellationToken)
    {
        var committed = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        _startsAwaited[start.ExecutionId] = committed;
        if (!_channel.Writer.TryWrite(start))
        {
            _startsAwaited.TryRemove(start.ExecutionId, out _);
            throw new InvalidOperationException("The writer is closed.");
        }
        return await committed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes everything queued so far and stops.</summary>
    public async Task CompleteAsync()
    {
        _channel.Writer.TryComplete();
        await _loop;
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Writer.TryComplete();
        try
        {
            await _loop;
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Execution writer of job {JobId} stopped with an error", _jobId);
        }
    }

    private async Task RunAsync()
    {
        try
        {
            await RunBatchesAsync();
        }
        catch (Exception ex)
        {
            // Nothing is written any more: a cell waiting for its start must not wait forever (the channel is closed first,
            // so no start can be queued after the waiters are failed).
            _channel.Writer.TryComplete(ex);
            foreach (var waiter in _startsAwaited.Values)
            {
                waiter.TrySetException(ex);
            }
            throw;
        }
    }

    private async Task RunBatchesAsync()
    {
        var reader = _channel.Reader;
        var batch = new List<CellUpdate>(_batchSize);
        while (await reader.WaitToReadAsync(CancellationToken.None))
        {
            while (batch.Count < _batchSize && reader.TryRead(out var item))
            {
                batch.Add(item);
            }
            if (batch.Count < _batchSize && _batchDelay > TimeSpan.Zero && !reader.Completion.IsCompleted && _startsAwaited.IsEmpty)
            {
                await Task.Delay(_batchDelay, CancellationToken.None);
                while (batch.Count < _batchSize && reader.TryRead(out var item))
                {
                    batch.Add(item);
                }
            }
            await WriteWithRetryAsync(batch);
            Written += batch.Count;
            batch.Clear();
        }
    }

    // PostgreSQL restarting pauses the lane instead of losing results.
    private Task WriteWithRetryAsync(List<CellUpdate> batch) =>
        DatabaseRetry.RunAsync(() => WriteAsync(batch), _logger, $"Writing {batch.Count} cells of job {_jobId}",
            _stopping.IsCancellationRequested ? TimeSpan.FromSeconds(5) : DatabaseRetry.DefaultPatience);

    private async Task WriteAsync(List<CellUpdate> batch)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(CancellationToken.None);
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        var changed = new List<ExecutionRow>(batch.Count);

        // Lock order: the job row first (shared), then cells. Cancel and retry take the job row exclusively, so
        // they never interleave with a batch halfway, and nothing deadlocks. The plan settings go in the same round trip.
        await using (var share = new NpgsqlBatch(connection, transaction))
        {
            share.BatchCommands.Add(new NpgsqlBatchCommand(PinPlansSql));
            var select = new NpgsqlBatchCommand("SELECT 1 FROM jobs WHERE id = @job FOR SHARE");
            select.Parameters.AddWithValue("job", _jobId);
            share.BatchCommands.Add(select);
            await share.ExecuteNonQueryAsync(CancellationToken.None);
        }

        // A cell that started and finished within one batch is written once: its finishing UPDATE also records the
        // start (same guard, same values), halving the row versions and round trips when calls are fast.
        var finished = batch.Where(u => JobStateRules.IsTerminal(u.Status)).ToList();
        var finishing = finished.Select(u => u.ExecutionId).ToHashSet();
        var starts = batch.Where(u => u.Status == ExecutionStatus.Running).ToList();
        var startOf = starts.Where(u => finishing.Contains(u.ExecutionId)).ToDictionary(u => u.ExecutionId);
        var started = starts.Where(u => !finishing.Contains(u.ExecutionId)).ToList();
        if (started.Count > 0)
        {
            await using var cmd = StartCommand(started);
            cmd.Connection = connection;
            cmd.Transaction = transaction;
            await ExecutionRows.ReadAllAsync(cmd, changed, CancellationToken.None);
        }

        if (finished.Count > 0)
        {
            await using var cmd = FinishCommand(finished, startOf);
            cmd.Connection = connection;
            cmd.Transaction = transaction;
            await ExecutionRows.ReadAllAsync(cmd, changed, CancellationToken.None);
        }

        if (changed.Count > 0)
        {
            await JobNotifications.RowsChangedAsync(connection, transaction, _jobId, changed);
        }
        await transaction.CommitAsync(CancellationToken.None);
        ReleaseStarts(starts, changed);

        if (starts.Count > 0 && !_markedRunning)
        {
            await MarkJobRunningAsync(connection, starts.Min(u => u.At));
        }
    }

    /// <summary>Tells each cell waiting in <see cref="StartAsync"/> that its start is committed, and whether it applied.</summary>
    private void ReleaseStarts(List<CellUpdate> starts, List<ExecutionRow> changed)
    {
        if (_startsAwaited.IsEmpty)
        {
            return;
        }
        var applied = changed.Select(r => r.Id).ToHashSet();
        foreach (var start in starts)
        {
            if (_startsAwaited.TryRemove(start.ExecutionId, out var waiter))
            {
                waiter.TrySetResult(applied.Contains(start.ExecutionId));
            }
        }
    }

    /// <summary>The UPDATE that marks cells running (their start is in this batch, their end is not).</summary>
    internal static NpgsqlCommand StartCommand(IReadOnlyList<CellUpdate> started)
    {
        var cmd = new NpgsqlCommand(
            $"""
            UPDATE executions AS e
            SET status = {ExecutionStatusSql.Running}, started_at = u.started_at, request_id = u.request_id, attempt_count = e.attempt_count + 1
            FROM unnest(@ids, @started, @requests) AS u(id, started_at, request_id)
            WHERE e.id = u.id AND {UnfinishedGuard}
            RETURNING {ExecutionRows.Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", started.Select(u => u.ExecutionId).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("started", started.Select(u => u.At).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(new NpgsqlParameter<Guid[]>("requests", started.Select(u => u.RequestId ?? Guid.Empty).ToArray()));
        return cmd;
    }

    /// <summary>The UPDATE that finishes cells; <paramref name="startOf"/> holds the starts of cells that began in this batch.</summary>
    internal static NpgsqlCommand FinishCommand(IReadOnlyList<CellUpdate> finished, IReadOnlyDictionary<long, CellUpdate> startOf)
    {
        var cmd = new NpgsqlCommand(
            $"""
            UPDATE executions AS e
            SET status = u.status,
                started_at = COALESCE(u.started_at, e.started_at), request_id = COALESCE(u.request_id, e.request_id),
                attempt_count = e.attempt_count + CASE WHEN u.started_at IS NULL THEN 0 ELSE 1 END,
                response_text = u.response, tokens_generated = u.tokens, inference_seconds = u.seconds,
                reported_region = u.reported_region,
                region_mismatch = u.region_mismatch,
                placement_provider = u.placement_provider, placement_region = u.placement_region, placement_verdict = u.placement_verdict,
                emulated = u.emulated, moderated = u.moderated, receipt = u.receipt::jsonb,
                error_code = u.error_code, error_message = u.error_message, completed_at = u.completed_at,
                classification = u.classification, classifier_version = u.classifier_version,
                classification_rule = u.rule, classification_evidence = u.evidence,
                attempts = CASE WHEN u.attempt IS NULL THEN e.attempts ELSE e.attempts || jsonb_build_array(u.attempt::jsonb) END,
                -- A retried cell adds each attempt's cost: every call was paid for.
                billed_seconds = CASE WHEN u.billed_seconds IS NULL THEN e.billed_seconds ELSE COALESCE(e.billed_seconds, 0) + u.billed_seconds END,
                cost_usd = CASE WHEN u.cost_usd IS NULL THEN e.cost_usd ELSE COALESCE(e.cost_usd, 0) + u.cost_usd END
            FROM unnest(@ids, @statuses, @responses, @tokens, @seconds, @regions, @emulated, @moderated, @receipts,
                        @codes, @messages, @completed, @classes, @versions, @rules, @evidence, @attempts, @billed, @costs,
                        @started_at, @request_ids, @mismatches, @providers, @placements, @verdicts)
                 AS u(id, status, response, tokens, seconds, reported_region, emulated, moderated, receipt,
                      error_code, error_message, completed_at, classification, classifier_version, rule, evidence, attempt,
                      billed_seconds, cost_usd, started_at, request_id, region_mismatch, placement_provider, placement_region,
                      placement_verdict)
            WHERE e.id = u.id AND {UnfinishedGuard}
            RETURNING {ExecutionRows.Columns}
            """);
        cmd.Parameters.Add(new NpgsqlParameter<long[]>("ids", finished.Select(u => u.ExecutionId).ToArray()));
        cmd.Parameters.Add(Text("statuses", finished.Select(u => u.Status.ToString())));
        cmd.Parameters.Add(Text("responses", finished.Select(u => u.Response)));
        cmd.Parameters.Add(new NpgsqlParameter("tokens", NpgsqlDbType.Array | NpgsqlDbType.Integer) { Value = finished.Select(u => (object?)u.TokensGenerated ?? DBNull.Value).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("seconds", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = finished.Select(u => (object?)u.InferenceSeconds ?? DBNull.Value).ToArray() });
        cmd.Parameters.Add(Text("regions", finished.Select(u => u.ReportedRegion)));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("mismatches", finished.Select(u => u.RegionMismatch).ToArray()));
        cmd.Parameters.Add(Text("providers", finished.Select(u => u.PlacementProvider)));
        cmd.Parameters.Add(Text("placements", finished.Select(u => u.PlacementRegion)));
        cmd.Parameters.Add(Text("verdicts", finished.Select(u => u.PlacementVerdict)));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("emulated", finished.Select(u => u.Emulated).ToArray()));
        cmd.Parameters.Add(new NpgsqlParameter<bool[]>("moderated", finished.Select(u => u.Moderated).ToArray()));
        cmd.Parameters.Add(Text("receipts", finished.Select(u => u.Receipt)));
        cmd.Parameters.Add(Text("codes", finished.Select(u => u.ErrorCode)));
        cmd.Parameters.Add(Text("messages", finished.Select(u => u.ErrorMessage)));
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset[]>("completed", finished.Select(u => u.At).ToArray()) { NpgsqlDbType = NpgsqlDbType.Array | NpgsqlDbType.TimestampTz });
        cmd.Parameters.Add(Text("classes", finished.Select(u => u.Classification)));
        cmd.Parameters.Add(Text("versions", finished.Select(u => u.ClassifierVersion)));
        cmd.Parameters.Add(Text("rules", finished.Select(u => u.ClassificationRule)));
        cmd.Parameters.Add(Text("evidence", finished.Select(u => u.ClassificationEvidence)));
        cmd.Parameters.Add(Text("attempts", finished.Select(u => u.AttemptJson)));
        cmd.Parameters.Add(new NpgsqlParameter("billed", NpgsqlDbType.Array | NpgsqlDbType.Double) { Value = finished.Select(u => (object?)u.BilledSeconds ?? DBNull.Value).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("costs", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = finished.Select(u => (object?)u.CostUsd ?? DBNull.Value).ToArray() });
        cmd.Parameters.Add(new NpgsqlParameter("started_at", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz)
        {
            Value = finished.Select(u => startOf.TryGetValue(u.ExecutionId, out var start) ? (object)start.At : DBNull.Value).ToArray(),
        });
        cmd.Parameters.Add(new NpgsqlParameter("request_ids", NpgsqlDbType.Array | NpgsqlDbType.Uuid)
        {
            Value = finished.Select(u => startOf.TryGetValue(u.ExecutionId, out var start) ? (object)(start.RequestId ?? Guid.Empty) : DBNull.Value).ToArray(),
        });
        return cmd;
    }

    /// <summary>The job is running from its first started cell; its own short transaction, after the cells commit.</summary>
    private async Task MarkJobRunningAsync(NpgsqlConnection connection, DateTimeOffset at)
    {
        await using var transaction = await connection.BeginTransactionAsync(CancellationToken.None);
        await using var job = new NpgsqlCommand(
            $"UPDATE jobs SET status = {JobStatusSql.Running}, started_at = COALESCE(started_at, @now) WHERE id = @job AND status IN {JobStatusSql.NotStarted}",
            connection, transaction);
        job.Parameters.AddWithValue("job", _jobId);
        job.Parameters.AddWithValue("now", at);
        if (await job.ExecuteNonQueryAsync(CancellationToken.None) > 0)
        {
            await JobNotifications.JobStatusChangedAsync(connection, transaction, _jobId, JobStatus.Running);
        }
        await transaction.CommitAsync(CancellationToken.None);
        _markedRunning = true;
    }

    private static NpgsqlParameter Text(string name, IEnumerable<string?> values) =>
        new(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.Select(v => (object?)v ?? DBNull.Value).ToArray() };
}
