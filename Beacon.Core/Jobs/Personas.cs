using Beacon.Core.Catalog;

namespace Beacon.Core.Jobs;

/// <summary>
/// The regional persona of the system prompt ("based in {phrase}"), a factor separate from the serving region: a region
/// code (the US endpoint can answer "based in Asia"), or <see cref="None"/>, the control that sends no system prompt.
/// A job that names no personas runs each region with its own ("matched").
/// </summary>
public static class Personas
{
    /// <summary>The control persona: no system prompt is sent at all.</summary>
    public const string None = "none";

    /// <summary>In a request's list: the serving region's own persona, whichever region serves the cell.</summary>
    public const string Matched = "matched";

    /// <summary>Every persona a request may name, in display order.</summary>
    public static IReadOnlyList<string> Choices { get; } = [.. BuiltInCatalog.Regions.Select(r => r.Code), None, Matched];

    public static bool IsKnown(string persona) =>
        persona is None or Matched || BuiltInCatalog.FindRegion(persona) is not null;

    /// <summary>The personas a region's cells run with: the requested list with "matched" resolved, without duplicates.</summary>
    public static IReadOnlyList<string> ForRegion(IReadOnlyList<string> requested, string region)
    {
        if (requested.Count == 0)
        {
            return [region];
        }
        return requested.Select(p => p == Matched ? region : p).Distinct(StringComparer.Ordinal).ToList();
    }

    /// <summary>Exactly the system prompt a cell sends: the template with the persona's phrase, or "" (none sent) for the control.</summary>
    public static string SystemPrompt(string template, string persona)
    {
        if (persona == None)
        {
            return "";
        }
        var region = BuiltInCatalog.FindRegion(persona) ?? throw new ArgumentException($"Unknown persona '{persona}'.", nameof(persona));
        return BuiltInCatalog.RenderSystemPrompt(template, region);
    }

    /// <summary>How a persona reads on the pages: "as Asia", "no system prompt".</summary>
    public static string Describe(string persona) =>
        persona == None ? "no system prompt" : BuiltInCatalog.FindRegion(persona) is { } region ? $"as {region.PromptPhrase}" : persona;
}
