namespace Beacon.Core.Analysis;

/// <summary>
/// Holm's step-down adjustment of p-values for m tests: sort ascending, p'(i) = max over j &lt;= i of min(1, (m - j) * p(j))
/// (0-based j). Controls the family-wise error rate like Bonferroni but rejects at least as often.
/// </summary>
public static class HolmCorrection
{
    /// <returns>The adjusted p-values in the order of <paramref name="pValues"/>.</returns>
    public static double[] Adjust(IReadOnlyList<double> pValues)
    {
        ArgumentNullException.ThrowIfNull(pValues);
        var m = pValues.Count;
        var order = Enumerable.Range(0, m).OrderBy(i => pValues[i]).ToArray();
        var adjusted = new double[m];
        var running = 0.0;
        for (var rank = 0; rank < m; rank++)
        {
            var i = order[rank];
            running = Math.Max(running, Math.Min(1, (m - rank) * pValues[i]));
            adjusted[i] = running;
        }
        return adjusted;
    }
}
