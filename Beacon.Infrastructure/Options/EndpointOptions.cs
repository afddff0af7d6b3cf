namespace Beacon.Infrastructure.Options;

public sealed class EndpointOptions
{
    public const string SectionName = "Beacon:Endpoints";

    /// <summary>Keyed by region code (US, EU, APAC). A region missing here is served by the emulator when it is on.</summary>
    public Dictionary<string, RegionEndpointOptions> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);
}
