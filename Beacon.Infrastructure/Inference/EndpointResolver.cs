using Beacon.Core.Catalog;
using Beacon.Core.Costs;
using Beacon.Infrastructure.Emulator;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Maps a region code to its endpoint, and a (model, region) to an OpenAI-compatible server when one is configured.
/// There is no default region: an unknown code, or a region with neither a configured URL nor the emulator, is an
/// error; and a (model, region) never goes to another region's server.
/// </summary>
public sealed class EndpointResolver(IOptions<EndpointOptions> endpoints, IOptions<EmulatorOptions> emulatorOptions, EmulatorServer emulator)
{
    private const int DefaultOpenAiConcurrency = 4;
    private readonly Lazy<IReadOnlyList<OpenAiEndpoint>> _openAi = new(() => endpoints.Value.OpenAi.Select(ToEndpoint).ToList());

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
            var token = ProxyAuthToken.From(configured.ProxyTokenId, configured.ProxyTokenSecret, endpoints.Value.ProxyTokenId, endpoints.Value.ProxyTokenSecret);
            var modelInfo = string.IsNullOrWhiteSpace(configured.ModelInfoUrl)
                ? ModelInfoUrlFor(health)
                : new Uri(configured.ModelInfoUrl, UriKind.Absolute);
            return new RegionEndpoint(definition.Code, url, health, Emulated: false, token, modelInfo);
        }

        if (!emulatorOptions.Value.Enabled)
        {
            throw new UnknownRegionException(region, $"no URL is configured (Beacon:Endpoints:Regions:{definition.Code}:Url) and the emulator is off.");
        }

        var root = await emulator.GetBaseAddressAsync(cancellationToken);
        var regionRoot = new Uri(root, definition.Code.ToLowerInvariant() + "/");
        return new RegionEndpoint(definition.Code, regionRoot, new Uri(regionRoot, "health"), Emulated: true);
    }

    /// <summary>
    /// The model-info URL next to a health URL: Modal labels them <c>beacon-eu-health</c> and <c>beacon-eu-model-info</c>;
    /// a server with paths has <c>/health</c> and <c>/model-info</c>. Anything else: unknown (null).
    /// </summary>
    internal static Uri? ModelInfoUrlFor(Uri health)
    {
        const string healthLabel = "-health.";
        var host = health.Host;
        var at = host.IndexOf(healthLabel, StringComparison.OrdinalIgnoreCase);
        if (at > 0 && host.EndsWith(".modal.run", StringComparison.OrdinalIgnoreCase))
        {
            return new UriBuilder(health) { Host = host[..at] + "-model-info." + host[(at + healthLabel.Length)..] }.Uri;
        }
        var path = health.AbsolutePath.TrimEnd('/');
        return path.EndsWith("/health", StringComparison.OrdinalIgnoreCase)
            ? new UriBuilder(health) { Path = path[..^"/health".Length] + "/model-info" }.Uri
            : null;
    }

    /// <summary>Describes the configured endpoints without starting anything (for the dashboard and logs).</summary>
    public bool IsEmulated(string region) =>
        !(endpoints.Value.Regions.TryGetValue(region, out var configured) && !string.IsNullOrWhiteSpace(configured.Url));

    public int MaxConcurrency(string region) =>
        endpoints.Value.Regions.TryGetValue(region, out var configured) ? configured.MaxConcurrency : new RegionEndpointOptions().MaxConcurrency;

    /// <summary>The OpenAI-compatible server configured for exactly this (model, region), if any.</summary>
    public OpenAiEndpoint? FindOpenAi(string model, string region) =>
        _openAi.Value.FirstOrDefault(e => e.Model == model && e.Region == region);

    public IReadOnlyList<OpenAiEndpoint> OpenAiEndpointsIn(string region) =>
        _openAi.Value.Where(e => e.Region == region).ToList();

    /// <summary>"openai:&lt;name&gt;", "modal", "emulator" or "unconfigured": which endpoint serves a (model, region) now.</summary>
    public string Describe(string model, string region) =>
        FindOpenAi(model, region)?.Served
        ?? (!IsEmulated(region) ? "modal" : emulatorOptions.Value.Enabled ? "emulator" : "unconfigured");

    private static OpenAiEndpoint ToEndpoint(KeyValuePair<string, OpenAiEndpointOptions> entry)
    {
        var o = entry.Value;
        CostRate? rate = o.UsdPerMillionInputTokens is not null || o.UsdPerMillionOutputTokens is not null
            ? new CostRate(0m, o.UsdPerMillionInputTokens ?? 0m, o.UsdPerMillionOutputTokens ?? 0m)
            : o.UsdPerHour is { } perHour ? new CostRate(perHour) : null;
        // No trailing slash: the SDK appends "/chat/completions" and "/models" itself.
        var baseUrl = new Uri(o.BaseUrl.TrimEnd('/'), UriKind.Absolute);
        return new OpenAiEndpoint(
            entry.Key, o.Region, o.Model, baseUrl, o.RemoteModel, string.IsNullOrWhiteSpace(o.ApiKey) ? null : o.ApiKey,
            o.Stream, o.MaxConcurrency ?? DefaultOpenAiConcurrency, o.MaxTokensField, rate);
    }
}
