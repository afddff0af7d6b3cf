namespace Beacon.Core.Review;

/// <summary>The classifier (<see cref="ClassifierVersion"/>) against an evaluation set of human labels.</summary>
public sealed record EvaluationReport(
    string ClassifierVersion,
    int Items,
    double? Agreement,
    double? Kappa,
    IReadOnlyList<string> Classes,
    int[][] Confusion,
    IReadOnlyList<LanguageAccuracy> ByLanguage);
