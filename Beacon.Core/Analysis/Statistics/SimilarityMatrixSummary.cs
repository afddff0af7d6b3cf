namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// A region x region (or model x model) similarity matrix: <see cref="Values"/>[i][j] is the mean similarity of the
/// answers of <see cref="Labels"/>[i] and [j] over the <see cref="Counts"/>[i][j] questions both answered (null when none).
/// </summary>
public sealed record SimilarityMatrixSummary(IReadOnlyList<string> Labels, double?[][] Values, int[][] Counts)
{
    /// <summary>
    /// The mean of one model's per-question matrices (<see cref="RegionSimilarity"/>), pair by pair, over the questions
    /// where both regions have an answer.
    /// </summary>
    public static SimilarityMatrixSummary Mean(IEnumerable<RegionSimilarity> similarities, IReadOnlyList<string> regions, SimilarityMeasure measure)
    {
        ArgumentNullException.ThrowIfNull(similarities);
        ArgumentNullException.ThrowIfNull(regions);
        var n = regions.Count;
        var sums = new double[n, n];
        var counts = new int[n][];
        for (var i = 0; i < n; i++)
        {
            counts[i] = new int[n];
        }
        var index = regions.Select((r, i) => (r, i)).ToDictionary(x => x.r, x => x.i, StringComparer.Ordinal);
        foreach (var similarity in similarities)
        {
            var matrix = measure == SimilarityMeasure.Jaccard ? similarity.Jaccard : similarity.TfIdfCosine;
            for (var a = 0; a < similarity.Regions.Count; a++)
            {
                for (var b = 0; b < similarity.Regions.Count; b++)
                {
                    if (index.TryGetValue(similarity.Regions[a], out var i) && index.TryGetValue(similarity.Regions[b], out var j))
                    {
                        sums[i, j] += matrix[a][b];
                        counts[i][j]++;
                    }
                }
            }
        }
        var values = new double?[n][];
        for (var i = 0; i < n; i++)
        {
            values[i] = new double?[n];
            for (var j = 0; j < n; j++)
            {
                values[i][j] = counts[i][j] == 0 ? null : sums[i, j] / counts[i][j];
            }
        }
        return new SimilarityMatrixSummary(regions, values, counts);
    }

    /// <summary>One matrix as it is (counts 1), e.g. the answers to one question shown side by side.</summary>
    public static SimilarityMatrixSummary Single(IReadOnlyList<string> labels, double[,] matrix)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(matrix);
        var n = labels.Count;
        var values = new double?[n][];
        var counts = new int[n][];
        for (var i = 0; i < n; i++)
        {
            values[i] = new double?[n];
            counts[i] = new int[n];
            for (var j = 0; j < n; j++)
            {
                values[i][j] = matrix[i, j];
                counts[i][j] = 1;
            }
        }
        return new SimilarityMatrixSummary(labels, values, counts);
    }
}
