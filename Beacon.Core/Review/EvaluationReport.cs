namespace Beacon.Core.Review;

/// <summary>
/// The classifier (<see cref="ClassifierVersion"/>) against an evaluation set of human labels. <see cref="Confusion"/>:
/// rows the human class, columns the classifier's, in the order of <see cref="Classes"/>.
/// </summary>
public sealed record EvaluationReport(
    string ClassifierVersion,
    int Items,
    double? Agreement,
    double? Kappa,
    IReadOnlyList<string> Classes,
    int[][] Confusion,
    IReadOnlyList<LanguageAccuracy> ByLanguage)
{
    /// <summary>Precision and recall of every class, over all answers ("all") and per answer language, with Wilson intervals.</summary>
    public IReadOnlyList<ClassAccuracy> PerClass { get; init; } = [];
}
