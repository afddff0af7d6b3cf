namespace Beacon.Core.Analysis;

/// <summary>
/// Cohen's kappa for two raters who put the same items into the same categories: agreement beyond what the raters'
/// own category frequencies would give by chance. kappa = (p_o - p_e) / (1 - p_e), with p_o the share of items on the
/// diagonal and p_e = sum over categories of (row share x column share).
/// </summary>
public static class CohenKappa
{
    /// <summary>
    /// Kappa of a square table (rows: first rater, columns: second rater, same category order). Null when there are no
    /// items, or when chance agreement is already perfect (both raters used one and the same category only), where kappa
    /// is undefined.
    /// </summary>
    public static double? Compute(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (n, observed, expected) = Proportions(table);
        if (n == 0 || expected >= 1.0)
        {
            return null;
        }
        return (observed - expected) / (1.0 - expected);
    }

    /// <summary>Kappa of paired labels (each item's two classes), through the same table.</summary>
    public static double? Compute<T>(IReadOnlyList<(T A, T B)> pairs)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var classes = pairs.SelectMany(p => new[] { p.A, p.B }).Distinct().ToList();
        var index = classes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i);
        var table = new int[classes.Count, classes.Count];
        foreach (var (a, b) in pairs)
        {
            table[index[a], index[b]]++;
        }
        return Compute(table);
    }

    /// <summary>
    /// Cohen's (1960) large-sample standard error of kappa, sqrt(p_o (1 - p_o) / (n (1 - p_e)^2)): a rough width for a
    /// 95% interval (kappa +/- 1.96 SE). Null where kappa is.
    /// </summary>
    public static double? StandardError(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (n, observed, expected) = Proportions(table);
        if (n == 0 || expected >= 1.0)
        {
            return null;
        }
        return Math.Sqrt(observed * (1 - observed) / (n * (1 - expected) * (1 - expected)));
    }

    /// <summary>The share of items both raters put in the same category (p_o); null without items.</summary>
    public static double? ObservedAgreement(int[,] table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var (n, observed, _) = Proportions(table);
        return n == 0 ? null : observed;
    }

    private static (long N, double Observed, double Expected) Proportions(int[,] table)
    {
        var k = table.GetLength(0);
        if (table.GetLength(1) != k)
        {
            throw new ArgumentException("The table must be square: both raters use the same categories.", nameof(table));
        }
        var rows = new long[k];
        var columns = new long[k];
        long n = 0, diagonal = 0;
        for (var i = 0; i < k; i++)
        {
            for (var j = 0; j < k; j++)
            {
                var count = table[i, j];
                if (count < 0)
                {
                    throw new ArgumentException("Counts cannot be negative.", nameof(table));
                }
                rows[i] += count;
                columns[j] += count;
                n += count;
                if (i == j)
                {
                    diagonal += count;
                }
            }
        }
        if (n == 0)
        {
            return (0, 0, 0);
        }
        double expected = 0;
        for (var i = 0; i < k; i++)
        {
            expected += (double)rows[i] / n * ((double)columns[i] / n);
        }
        return (n, (double)diagonal / n, expected);
    }
}
