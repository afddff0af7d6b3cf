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
}
