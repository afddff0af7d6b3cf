namespace Beacon.Infrastructure.Inference;

public sealed class UnknownRegionException(string region, string reason)
    : Exception($"Region '{region}' cannot be served: {reason}")
{
    public string Region { get; } = region;
}
