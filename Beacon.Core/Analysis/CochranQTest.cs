using MathNet.Numerics.Distributions;

namespace Beacon.Core.Analysis;

/// <summary>
/// Cochran's Q test: do k >= 3 paired binary conditions have the same success rate?
/// Q = (k - 1) * (k * Σ C_j² - N²) / (k * N - Σ R_i²), with C_j the column (treatment) totals, R_i the row
/// (subject) totals and N the grand total; Q ~ χ²(k - 1) under H0 for large samples.
/// </summary>
public static class CochranQTest
{
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
        long sumRowSquares = 0;
        var grandTotal = 0;
        var informative = 0;
        for (var i = 0; i < outcomesPerSubject.Length; i++)
        {
            var row = outcomesPerSubject[i];
            if (row is null || row.Length != k)
            {
                throw new ArgumentException($"Subject {i} has {row?.Length ?? 0} outcomes; expected {k}.", nameof(outcomesPerSubject));
            }

            var rowTotal = 0;
            for (var j = 0; j < k; j++)
            {
                if (row[j])
                {
                    rowTotal++;
                    columnTotals[j]++;
                }
            }

            grandTotal += rowTotal;
            sumRowSquares += (long)rowTotal * rowTotal;
            if (rowTotal != 0 && rowTotal != k)
            {
                informative++;
            }
        }

        var degreesOfFreedom = k - 1;
        var denominator = ((long)k * grandTotal) - sumRowSquares;
        if (denominator == 0)
        {
            // Every subject has identical outcomes across treatments: no evidence of a difference (Q = 0/0 -> 0).
            return new CochranQResult(0, degreesOfFreedom, 1, outcomesPerSubject.Length, 0, columnTotals);
        }

        long sumColumnSquares = 0;
        foreach (var c in columnTotals)
        {
            sumColumnSquares += (long)c * c;
        }

        var q = (double)degreesOfFreedom * ((k * sumColumnSquares) - ((long)grandTotal * grandTotal)) / denominator;
        var p = 1 - ChiSquared.CDF(degreesOfFreedom, q);
        return new CochranQResult(q, degreesOfFreedom, p, outcomesPerSubject.Length, informative, columnTotals);
    }
}
