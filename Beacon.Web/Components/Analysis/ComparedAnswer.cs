using Beacon.Core.Analysis;

namespace Beacon.Web.Components.Analysis;

/// <summary>
/// One column of a side-by-side comparison: a region (or a model), its shown answer and the classes of all its
/// repeats, and the placement verdict of the shown execution. The shown repeat is the one the reader picked
/// (<see cref="Shown"/>, an index into <see cref="Repeats"/>), else the first answered one. <see cref="Text"/> is null
/// when the shown repeat has no answer; <see cref="Missing"/> says why.
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
    string? PlacementRegion = null,
    int Shown = 0);
