namespace Beacon.Core.Jobs;

public sealed record GenerationParameters(double Temperature, int MaxTokens, int? Seed)
{
    public static GenerationParameters Default { get; } = new(0.1, 500, null);
}
