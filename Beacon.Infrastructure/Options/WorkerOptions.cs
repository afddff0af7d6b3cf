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

    /// <summary>Finished cells written per transaction.</summary>
    [Range(1, 5000)]
    public int WriteBatchSize { get; set; } = 500;

    /// <summary>How long the writer waits to fill a batch once it has one update.</summary>
    [Range(0, 10_000)]
    public int WriteBatchDelayMs { get; set; } = 40;
}
