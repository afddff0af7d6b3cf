using Beacon.Core.Analysis;

namespace Beacon.Web.Components.Analysis;

/// <summary>
/// One column of a side-by-side comparison: a region (or a model), its shown answer (the first answered repeat) and
/// the classes of all its repeats, and the placement verdict of the shown execution. <see cref="Text"/> is null when nothing was answered; <see cref="Missing"/> says why.
/// </summary>
public sealed record ComparedAnswer(
    string Key,
    long? ExecutionId,
    ResponseClass? Class,
    bool Overridden,
    string? Text,
    string? Missing,
    IReadOnlyList<(long ExecutionId, ResponseClass? Class)> Repeats,
    string? PlacementVerdict = null,
    string? PlacementProvider = null,
    string? PlacementRegion = null);
