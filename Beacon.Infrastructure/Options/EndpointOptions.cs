namespace Beacon.Infrastructure.Options;

public sealed class EndpointOptions
{
    public const string SectionName = "Beacon:Endpoints";

    /// <summary>Keyed by region code (US, EU, APAC). A region missing here is served by the emulator when it is on.</summary>
    public Dictionary<string, RegionEndpointOptions> Regions { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// OpenAI-compatible servers keyed by a name of your choice. A (model, region) listed here is served by that server;
    /// every other (model, region) by its region's endpoint (or the emulator). Never by another region's.
    /// </summary>
    public Dictionary<string, OpenAiEndpointOptions> OpenAi { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Modal proxy auth token id shared by every region's endpoints (Modal-Key header); a region's own pair overrides it.
    /// From the environment (Beacon__Endpoints__ProxyTokenId) or a secret store, never in a committed file.
    /// </summary>
    public string? ProxyTokenId { get; set; }

    /// <summary>The shared token's secret (Modal-Secret header); never logged.</summary>
    public string? ProxyTokenSecret { get; set; }
}
