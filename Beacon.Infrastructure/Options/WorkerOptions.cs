using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

/// <summary>Which roles this process plays. The same build runs web-only, worker-only or both.</summary>
public sealed class WorkerOptions
{
    public const string SectionName = "Beacon:Worker";

    /// <summary>Run the Hangfire server (lanes) in this process.</summary>
    public bool Enabled { get; set; } = true;

    [Range(1, 200)]
    public int HangfireWorkers { get; set; } = 20;

    /// <summary>
    /// How long a lane claimed by a worker that stopped heart-beating (killed, machine lost) stays invisible before
    /// another worker takes it over. Live workers keep extending it (sliding invisibility).
    /// </summary>
    /// Live workers heart-beat every fifth of it, so a short timeout costs a few cheap UPDATEs and means a lane of a
    /// killed worker resumes in another (or the restarted) process within about this long plus the queue poll (5 s).
    [Range(typeof(TimeSpan), "00:00:05", "01:00:00")]
    public TimeSpan InvisibilityTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How often a worker looks for jobs that were stored but never queued (see JobService.RecoverUnqueuedJobsAsync);
    /// it also looks once at start-up.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan QueueSweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Finished cells written per transaction.</summary>
    [Range(1, 5000)]
    public int WriteBatchSize { get; set; } = 500;

    /// <summary>How long the writer waits to fill a batch once it has one update.</summary>
    [Range(0, 10_000)]
    public int WriteBatchDelayMs { get; set; } = 40;
}
