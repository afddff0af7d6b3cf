namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// One execution as the statistics see it. <see cref="Class"/> is the effective class (a researcher's override, else
/// the classifier's); null while the execution has not finished (pending, running, cancelled).
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
    string? Persona = null)
{
    /// <summary>The persona the cell ran with; an observation without one ran with its serving region's own.</summary>
    public string EffectivePersona => Persona ?? Region;
}
