using Beacon.Core.Placement;

namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// One execution as the statistics see it. <see cref="Class"/> is the effective class (a researcher's override, else
/// the classifier's); null while the execution has not finished (pending, running, cancelled). <see cref="Placement"/> is
/// the placement verdict (null until the execution has an outcome).
/// </summary>
public sealed record ExecutionObservation(
    long ExecutionId,
    string QuestionId,
    string Model,
    string Region,
    int RepeatIndex,
    ResponseClass? Class,
    bool Overridden,
    string? Response,
    string? ClassifierVersion,
    PlacementVerdict? Placement = null,
    string? Persona = null)
{
    /// <summary>The persona the cell ran with; an observation without one ran with its serving region's own.</summary>
    public string EffectivePersona => Persona ?? Region;
}
