using System.ComponentModel.DataAnnotations;

namespace Beacon.Infrastructure.Options;

public sealed class JobOptions
{
    public const string SectionName = "Beacon:Jobs";

    [Range(1, 1_000_000)]
    public int MaxExecutions { get; set; } = 20_000;

    [Range(1, 1000)]
    public int MaxRepeats { get; set; } = 10;
}
