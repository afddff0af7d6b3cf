using System.ComponentModel.DataAnnotations;
using Beacon.Core.Catalog;
using Beacon.Core.Placement;

namespace Beacon.Infrastructure.Options;

/// <summary>The built-in emulated regional endpoints: same protocol as Modal, served over loopback HTTP.</summary>
public sealed class EmulatorOptions : IValidatableObject
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

    /// <summary>
    /// Per region code, a placement "provider/cloud-region" the emulator reports instead of its plausible one inside the
    /// region, e.g. Beacon:Emulator:Misplace:APAC = "aws/us-east-1": the APAC answers then say they ran in Virginia, and
    /// Beacon records a placement mismatch (for tests and demos).
    /// </summary>
    public Dictionary<string, string> Misplace { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        foreach (var (region, placement) in Misplace)
        {
            if (BuiltInCatalog.FindRegion(region.ToUpperInvariant()) is null)
            {
                yield return new ValidationResult($"Beacon:Emulator:Misplace:{region}: '{region}' is not a region (US, EU, APAC).", [nameof(Misplace)]);
            }
            if (CloudPlacement.Parse(placement) is null)
            {
                yield return new ValidationResult($"Beacon:Emulator:Misplace:{region}: '{placement}' is not \"provider/cloud-region\" (e.g. aws/us-east-1).", [nameof(Misplace)]);
            }
        }
    }
}
