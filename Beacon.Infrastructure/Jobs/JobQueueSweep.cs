using Beacon.Infrastructure.Options;
using Beacon.Infrastructure.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Queues jobs that were stored but never handed to Hangfire: at start-up and then every
/// <see cref="WorkerOptions.QueueSweepInterval"/>. Submission commits the job before it enqueues the lanes, so a crash or a
/// database fault in between leaves a Created job; this makes sure such a job never stays unqueued. Runs in worker
/// processes only (they are the ones that will run the lanes).
/// </summary>
public sealed class JobQueueSweep(JobService jobs, IOptions<WorkerOptions> options, TimeProvider time, ILogger<JobQueueSweep> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = options.Value.QueueSweepInterval;
        using var timer = new PeriodicTimer(interval, time);
        do
        {
            try
            {
                // Younger jobs may still be in the middle of their own submission.
                await jobs.RecoverUnqueuedJobsAsync(interval, stoppingToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogWarning(ex, "Looking for unqueued jobs failed; trying again in {Interval}", interval);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
