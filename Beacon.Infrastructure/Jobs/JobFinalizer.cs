using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;
using Npgsql;

namespace Beacon.Infrastructure.Jobs;

/// <summary>Moves a job to its final status once every cell is terminal. Safe to call from every lane, any number of times.</summary>
public sealed class JobFinalizer(NpgsqlDataSource dataSource, JudgeService judge, TimeProvider time)
{
    public async Task<JobStatus?> TryFinalizeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        StatusCounts counts;
        bool cancelRequested;
        await using (var cmd = new NpgsqlCommand(
            """
            SELECT e.status, count(*)::int, (SELECT cancel_requested_at IS NOT NULL FROM jobs WHERE id = @job)
            FROM executions e WHERE e.job_id = @job GROUP BY e.status
            """, connection, transaction))
        {
            cmd.Parameters.AddWithValue("job", jobId);
            var groups = new List<(ExecutionStatus, int)>();
            cancelRequested = false;
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                groups.Add((Enum.Parse<ExecutionStatus>(reader.GetString(0)), reader.GetInt32(1)));
                cancelRequested = reader.GetBoolean(2);
            }
            counts = StatusCounts.From(groups);
        }

        if (!counts.AllTerminal)
        {
            return null;
        }

        var status = JobStateRules.FinalStatus(counts, cancelRequested);
        bool wantsJudge;
        await using (var update = new NpgsqlCommand(
            $"""
            UPDATE jobs SET status = @status, finished_at = @now
            WHERE id = @job AND status NOT IN {JobStatusSql.Terminal}
            RETURNING judge
            """, connection, transaction))
        {
            update.Parameters.AddWithValue("status", status.ToString());
            update.Parameters.AddWithValue("now", time.GetUtcNow());
            update.Parameters.AddWithValue("job", jobId);
            if (await update.ExecuteScalarAsync(cancellationToken) is not bool judged)
            {
                await transaction.CommitAsync(cancellationToken);
                return null;
            }
            wantsJudge = judged;
        }
        await JobNotifications.JobStatusChangedAsync(connection, transaction, jobId, status);
        await transaction.CommitAsync(cancellationToken);
        // After the commit: the judge reads committed answers. Only the finalizing call gets here, so it is queued once per
        // finish (a retry-failed run finishes again and queues it again; answers already judged are skipped).
        if (wantsJudge && judge.IsConfigured)
        {
            judge.Enqueue(jobId);
        }
        return status;
    }
}
