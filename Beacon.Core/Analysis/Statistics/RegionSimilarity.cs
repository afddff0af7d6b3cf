namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// How one model's answers to one question differ across regions: the Jaccard and TF-IDF cosine matrices (rows and
/// columns in <see cref="Regions"/> order) and narrative divergence (1 - mean pairwise similarity; null with fewer than
/// two answers). Each region contributes its first answered repeat. Refusals are short and formulaic and look alike:
/// <see cref="IncludesRefusals"/> says when the divergence mixes them in. The matrices are the plain Jaccard and TF-IDF
/// similarities; the divergences count pairs of trivially equivalent short answers ("4" and "2 + 2 = 4.",
/// <see cref="TextSimilarity.AreTriviallyEquivalent"/>) as identical, and <see cref="EquivalentShortPairs"/> says how many.
/// </summary>
public sealed record RegionSimilarity(
    string QuestionId,
    string Model,
    IReadOnlyList<string> Regions,
    IReadOnlyList<long> ExecutionIds,
    IReadOnlyList<ResponseClass> Classes,
    double[][] Jaccard,
    double[][] TfIdfCosine,
    double? JaccardDivergence,
    double? TfIdfDivergence,
    bool IncludesRefusals,
    int EquivalentShortPairs);
