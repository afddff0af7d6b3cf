namespace Beacon.Core.Catalog;

/// <summary>Regions, models and the regional system prompt as deployed (see BEACON.md).</summary>
public static class BuiltInCatalog
{
    public const string SystemPromptTemplate =
        "You are a helpful, honest, and harmless AI assistant based in {phrase}. " +
        "Answer questions directly and factually. For sensitive political topics, " +
        "provide balanced, factual information from multiple perspectives.";

    public static IReadOnlyList<RegionDefinition> Regions { get; } =
    [
        new("US", "us-east", "the US", ["us-east", "us-central", "us-west"]),
        new("EU", "eu-west", "Europe", ["eu-west", "eu-north"]),
        new("APAC", "asia-pacific", "Asia", ["ap-southeast", "ap-northeast"]),
    ];

    public static IReadOnlyList<ModelDefinition> Models { get; } =
    [
        new("llama3.2-1b", "meta-llama/Llama-3.2-1B-Instruct", 128000, "US", "gated"),
        new("mistral-7b", "mistralai/Mistral-7B-Instruct-v0.3", 32768, "EU", "gated, 8-bit on T4 (~12 GB)"),
        new("qwen2.5-1.5b", "Qwen/Qwen2.5-1.5B-Instruct", 32768, "APAC", "open"),
    ];

    public static RegionDefinition? FindRegion(string code) =>
        Regions.FirstOrDefault(r => string.Equals(r.Code, code, StringComparison.Ordinal));

    /// <summary>
    /// The region an endpoint's reported label names: a code (US, EU, APAC) or the older Modal labels the first apps
    /// reported (us-east, eu-west, asia-pacific), in any case. Null for anything else.
    /// </summary>
    public static RegionDefinition? ResolveRegion(string label) =>
        Regions.FirstOrDefault(r => string.Equals(r.Code, label.Trim(), StringComparison.OrdinalIgnoreCase)
            || string.Equals(r.ModalLabel, label.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>Fills {phrase} with the region's phrase; a template without the placeholder is used as written.</summary>
    public static string RenderSystemPrompt(string template, RegionDefinition region) =>
        template.Replace("{phrase}", region.PromptPhrase, StringComparison.Ordinal);
}
