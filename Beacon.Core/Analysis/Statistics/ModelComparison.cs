namespace Beacon.Core.Analysis.Statistics;

/// <summary>The models side by side for one question in one region, with the narrative divergence between their answers.</summary>
public sealed record ModelComparison(
    string QuestionId,
    string Region,
    IReadOnlyList<ModelAnswer> Models,
    double? JaccardDivergence,
    double? TfIdfDivergence);
