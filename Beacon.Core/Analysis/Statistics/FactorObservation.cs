namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// One execution as the factor tests see it: the question's variant group and language, where it was served, with
/// which persona, and whether it was refused (null: not answered, i.e. a technical failure or not finished).
/// </summary>
public sealed record FactorObservation(
    string Group,
    string Language,
    string Model,
    string Region,
    string Persona,
    int RepeatIndex,
    bool? Refused);
