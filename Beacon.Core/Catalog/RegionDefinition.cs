namespace Beacon.Core.Catalog;

/// <summary>A serving region: one Modal app each, never a fallback for another region.</summary>
public sealed record RegionDefinition(string Code, string ModalLabel, string PromptPhrase, IReadOnlyList<string> ModalRegions);
