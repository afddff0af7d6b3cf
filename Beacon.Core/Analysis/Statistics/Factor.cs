namespace Beacon.Core.Analysis.Statistics;

/// <summary>What a paired test varies while the others are held fixed.</summary>
public enum Factor
{
    /// <summary>Which region's endpoint answered; persona and language held fixed.</summary>
    ServingRegion,

    /// <summary>The system prompt's persona ("based in ...", or none); serving region and language held fixed.</summary>
    Persona,

    /// <summary>The question's language (variants of one question group); model, serving region and persona held fixed.</summary>
    Language,
}
