using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

/// <summary>The built-in emulated regional endpoints: same protocol as Modal, served over loopback HTTP.</summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Beacon:Emulator";

    public bool Enabled { get; set; } = true;

    /// <summary>Loopback port; 0 picks a free one (each process serves its own emulator).</summary>
    [Range(0, 65535)]
    public int Port { get; set; }

    [Range(0, 600_000)]
    public int MinLatencyMs { get; set; } = 300;

    [Range(0, 600_000)]
    public int MaxLatencyMs { get; set; } = 1500;

    /// <summary>Extra delay of the first call per (model, region): the cold start.</summary>
    [Range(0, 600_000)]
    public int ColdStartMs { get; set; } = 2500;

    [Range(0.0, 1.0)]
    public double ServerErrorRate { get; set; } = 0.03;

    [Range(0.0, 1.0)]
    public double RateLimitRate { get; set; } = 0.02;

    [Range(0.0, 1.0)]
    public double MalformedRate { get; set; }

    /// <summary>Share of calls answered 303 with a result URL to poll, as Modal does past 150 s.</summary>
    [Range(0.0, 1.0)]
    public double HandOffRate { get; set; } = 0.03;

    [Range(0, 600_000)]
    public int HandOffPollMs { get; set; } = 500;

    public int Seed { get; set; } = 42;
}
