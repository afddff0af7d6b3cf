using Beacon.Core.Catalog;
using Beacon.Infrastructure.Emulator;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Maps a region code to its endpoint. There is no default region: an unknown code, or a region with neither a
/// configured URL nor the emulator, is an error.
/// </summary>
public sealed class EndpointResolver(IOptions<EndpointOptions> endpoints, IOptions<EmulatorOptions> emulatorOptions, EmulatorServer emulator)
{
    public async Task<RegionEndpoint> ResolveAsync(string region, CancellationToken cancellationToken)
    {
        var definition = BuiltInCatalog.FindRegion(region)
            ?? throw new UnknownRegionException(region, "it is not one of " + string.Join(", ", BuiltInCatalog.Regions.Select(r => r.Code)) + ".");

        if (endpoints.Value.Regions.TryGetValue(definition.Code, out var configured) && !string.IsNullOrWhiteSpace(configured.Url))
        {
            var url = new Uri(configured.Url, UriKind.Absolute);
            var health = string.IsNullOrWhiteSpace(configured.HealthUrl)
                ? new Uri(url.ToString().TrimEnd('/') + "/health")
                : new Uri(configured.HealthUrl, UriKind.Absolute);
            return new RegionEndpoint(definition.Code, url, health, Emulated: false);
        }

        if (!emulatorOptions.Value.Enabled)
        {
            throw new UnknownRegionException(region, $"no URL is configured (Beacon:Endpoints:Regions:{definition.Code}:Url) and the emulator is off.");
        }

        var root = await emulator.GetBaseAddressAsync(cancellationToken);
        var regionRoot = new Uri(root, definition.Code.ToLowerInvariant() + "/");
        return new RegionEndpoint(definition.Code, regionRoot, new Uri(regionRoot, "health"), Emulated: true);
    }

    /// <summary>Describes the configured endpoints without starting anything (for the dashboard and logs).</summary>
    public bool IsEmulated(string region) =>
        !(endpoints.Value.Regions.TryGetValue(region, out var configured) && !string.IsNullOrWhiteSpace(configured.Url));

    public int MaxConcurrency(string region) =>
        endpoints.Value.Regions.TryGetValue(region, out var configured) ? configured.MaxConcurrency : new RegionEndpointOptions().MaxConcurrency;
}
