namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// The per-cell detail of a job's statistics for one page of its questions (in the job's order): each cell's counts, the
/// regions' answers compared per (question, model) and the models' per (question, region). <see cref="Questions"/> is the
/// job's number of questions, so a reader knows how many pages there are.
/// </summary>
public sealed record StatisticsDetailPage(
    int Page,
    int PageSize,
    int Questions,
    IReadOnlyList<CellStatistics> Cells,
    IReadOnlyList<RegionSimilarity> RegionSimilarities,
    IReadOnlyList<ModelComparison> ModelComparisons);
