using MathNet.Numerics.Distributions;

namespace Beacon.Core.Analysis;

/// <summary>
/// Cochran's Q test: do k >= 3 paired binary conditions have the same success rate?
/// Q = (k - 1) * (k * Σ C_j² - N²) / (k * N - Σ R_i²), with C_j the column (treatment) totals, R_i the row
/// (subject) totals and N the grand total; Q ~ χ²(k - 1) under H0 for large samples.
/// The reported p-value is exact: conditional on the row totals, H0 makes every arrangement of a row's R_i successes
/// over the k treatments equally likely (C(k, R_i) of them), so the null distribution of Q is enumerated. With 3
/// informative questions and 3 regions, for example, Q = 6 has χ² p = 0.0498 but exact p = 3/27 = 1/9.
/// </summary>
public static class CochranQTest
{
    /// <summary>Above this many distinct column-total vectors the exact distribution is not enumerated (χ² instead).</summary>
    public const int MaxExactStates = 200_000;

    /// <param name="outcomesPerSubject">One row per subject (e.g. question), one column per treatment (e.g. region);
    /// every row must have the same k >= 3 entries.</param>
    public static CochranQResult Compute(bool[][] outcomesPerSubject)
    {
        ArgumentNullException.ThrowIfNull(outcomesPerSubject);
        if (outcomesPerSubject.Length == 0)
        {
            throw new ArgumentException("At least one subject is needed.", nameof(outcomesPerSubject));
        }

        var k = outcomesPerSubject[0]?.Length ?? 0;
        if (k < 3)
        {
            throw new ArgumentException($"Cochran's Q needs k >= 3 treatments (use McNemar for 2); got {k}.", nameof(outcomesPerSubject));
        }

        var columnTotals = new int[k];
        var informativeColumnTotals = new int[k];
        var informativeRowTotals = new List<int>();
        long sumRowSquares = 0;
        var grandTotal = 0;
        for (var i = 0; i < outcomesPerSubject.Length; i++)
        {
            var row = outcomesPerSubject[i];
            if (row is null || row.Length != k)
            {
                throw new ArgumentException($"Subject {i} has {row?.Length ?? 0} outcomes; expected {k}.", nameof(outcomesPerSubject));
            }

            var rowTotal = row.Count(x => x);
            var informative = rowTotal != 0 && rowTotal != k;
            for (var j = 0; j < k; j++)
            {
                if (row[j])
                {
                    columnTotals[j]++;
                    if (informative)
                    {
                        informativeColumnTotals[j]++;
                    }
                }
            }

            grandTotal += rowTotal;
            sumRowSquares += (long)rowTotal * rowTotal;
            if (informative)
            {
                informativeRowTotals.Add(rowTotal);
            }
        }

        var degreesOfFreedom = k - 1;
        var denominator = ((long)k * grandTotal) - sumRowSquares;
        if (denominator == 0)
        {
            // Every subject has identical outcomes across treatments: no evidence of a difference (Q = 0/0 -> 0).
            return new CochranQResult(0, degreesOfFreedom, 1, 1, outcomesPerSubject.Length, 0, columnTotals) { SmallestPossiblePValue = 1 };
        }

        long sumColumnSquares = 0;
        foreach (var c in columnTotals)
        {
            sumColumnSquares += (long)c * c;
        }

        var q = (double)degreesOfFreedom * ((k * sumColumnSquares) - ((long)grandTotal * grandTotal)) / denominator;
        var chiSquareP = 1 - ChiSquared.CDF(degreesOfFreedom, q);
        var exact = ExactDistribution(informativeRowTotals, k);
        double? exactP = null;
        double? smallest = null;
        if (exact is not null)
        {
            exactP = TailProbability(exact, SumOfSquares(informativeColumnTotals));
            smallest = TailProbability(exact, MaximumSumOfSquares(informativeRowTotals, k));
        }
        return new CochranQResult(q, degreesOfFreedom, chiSquareP, exactP, outcomesPerSubject.Length, informativeRowTotals.Count, columnTotals)
        {
            SmallestPossiblePValue = smallest,
        };
    }

    /// <summary>
    /// Null distribution of Σ C_j² over the informative rows. Given the row totals (and hence N and Σ R_i²), Q is an
    /// increasing function of Σ C_j², and uninformative rows shift every column total equally, so the tail of Σ C_j²
    /// over the informative rows is the tail of Q. H0 treats the treatments symmetrically, so column-total vectors are
    /// kept sorted: far fewer states, same probabilities for Σ C_j². Null when there are too many states.
    /// </summary>
    private static Dictionary<long, double>? ExactDistribution(IReadOnlyList<int> rowTotals, int k)
    {
        if (k > 8 || rowTotals.Count > 255)
        {
            return null;
        }

        var subsetsBySize = new List<int>[k + 1];
        for (var size = 0; size <= k; size++)
        {
            subsetsBySize[size] = [];
        }
        for (var mask = 0; mask < 1 << k; mask++)
        {
            subsetsBySize[System.Numerics.BitOperations.PopCount((uint)mask)].Add(mask);
        }

        var states = new Dictionary<long, double> { [0] = 1.0 };
        var totals = new int[k];
        foreach (var rowTotal in rowTotals)
        {
            var subsets = subsetsBySize[rowTotal];
            if ((long)states.Count * subsets.Count > 20L * MaxExactStates)
            {
                return null;
            }
            var share = 1.0 / subsets.Count;
            var next = new Dictionary<long, double>();
            foreach (var (state, probability) in states)
            {
                foreach (var mask in subsets)
                {
                    Decode(state, totals);
                    for (var j = 0; j < k; j++)
                    {
                        totals[j] += (mask >> j) & 1;
                    }
                    Array.Sort(totals);
                    var key = Encode(totals);
                    next[key] = next.GetValueOrDefault(key) + (probability * share);
                }
            }
            if (next.Count > MaxExactStates)
            {
                return null;
            }
            states = next;
        }

        var bySumOfSquares = new Dictionary<long, double>();
        foreach (var (state, probability) in states)
        {
            Decode(state, totals);
            var s = SumOfSquares(totals);
            bySumOfSquares[s] = bySumOfSquares.GetValueOrDefault(s) + probability;
        }
        return bySumOfSquares;
    }

    private static double TailProbability(Dictionary<long, double> distribution, long atLeast) =>
        Math.Min(1, distribution.Where(x => x.Key >= atLeast).Sum(x => x.Value));

    // The most unequal arrangement: every row puts its successes in the first treatments.
    private static long MaximumSumOfSquares(IReadOnlyList<int> rowTotals, int k)
    {
        var totals = new int[k];
        foreach (var rowTotal in rowTotals)
        {
            for (var j = 0; j < rowTotal; j++)
            {
                totals[j]++;
            }
        }
        return SumOfSquares(totals);
    }

    private static long SumOfSquares(int[] totals) => totals.Sum(c => (long)c * c);

    private static long Encode(int[] totals)
    {
        long key = 0;
        foreach (var t in totals)
        {
            key = (key << 8) | (uint)t;
        }
        return key;
    }

    private static void Decode(long key, int[] totals)
    {
        for (var j = totals.Length - 1; j >= 0; j--)
        {
            totals[j] = (int)(key & 0xFF);
            key >>= 8;
        }
    }
}
