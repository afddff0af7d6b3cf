namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Everything the analysis pages show for one job, computed by <see cref="JobStatisticsBuilder"/>. <see cref="Corrected"/>
/// holds raw and corrected refusal rates side by side once a review sample has labels (empty otherwise).
/// </summary>
public sealed record JobStatistics(
    JobCoverage Coverage,
    IReadOnlyList<string> Models,
    IReadOnlyList<string> Regions,
    IReadOnlyList<string> Categories,
    IReadOnlyList<CellStatistics> Cells,
    IReadOnlyList<RefusalRate> ByModelRegion,
    IReadOnlyList<RefusalRate> ByModelCategoryRegion,
    IReadOnlyList<RegionComparison> RegionComparisons,
    IReadOnlyList<RegionSimilarity> RegionSimilarities,
    IReadOnlyList<ModelComparison> ModelComparisons,
    IReadOnlyList<KeywordCounts> Keywords,
    IReadOnlyList<string> Summary,
    IReadOnlyList<FactorComparison>? Factors = null)
{
    public IReadOnlyList<Review.CorrectedRefusalRate> Corrected { get; init; } = [];
}
