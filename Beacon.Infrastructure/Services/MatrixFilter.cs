using Beacon.Core.Analysis;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// What the job page's results matrix shows. <see cref="Model"/> and <see cref="Region"/> narrow the columns (and the
/// executions the other filters look at); <see cref="Class"/> and <see cref="Search"/> keep the questions with at least
/// one such execution; the disagreement filters keep the questions whose finished cells' majority classes differ
/// between regions (same model and persona) or between models (same region and persona); <see cref="Language"/> keeps
/// the questions in that language. Null or false: no filter.
/// </summary>
public sealed record MatrixFilter
{
    public string? Model { get; init; }
    public string? Region { get; init; }
    /// <summary>A <see cref="ResponseClass"/> name (the effective class: a researcher's override wins).</summary>
    public string? Class { get; init; }
    public bool RegionsDisagree { get; init; }
    public bool ModelsDisagree { get; init; }
    public string? Language { get; init; }
    /// <summary>Text an answer contains (case-insensitive, any language).</summary>
    public string? Search { get; init; }

    public static MatrixFilter None { get; } = new();

    /// <summary>Whether which questions match depends on the executions (not only on the job's question list).</summary>
    public bool FiltersByExecutions => Class is not null || Search is not null || RegionsDisagree || ModelsDisagree;

    public bool IsEmpty => this == None;
}
