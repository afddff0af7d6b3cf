namespace Beacon.Core.Jobs;

public sealed record JobLimits
{
    public int MaxExecutions { get; init; } = 20_000;
    public int MaxRepeats { get; init; } = 10;
    public double MinTemperature { get; init; }
    public double MaxTemperature { get; init; } = 2.0;
    public int MinMaxTokens { get; init; } = 1;
    public int MaxMaxTokens { get; init; } = 4096;
    public int MaxNameLength { get; init; } = 200;
    public int MaxSystemPromptLength { get; init; } = 4000;

    public static JobLimits Default { get; } = new();
}
