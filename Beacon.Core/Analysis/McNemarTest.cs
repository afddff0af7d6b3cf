using MathNet.Numerics.Distributions;

namespace Beacon.Core.Analysis;

/// <summary>
/// McNemar's test for two paired conditions. The chi-square approximation is poor when few pairs disagree, so
/// below <see cref="ExactThreshold"/> discordant pairs the exact binomial test decides (the usual rule of thumb;
/// with b + c = 7, for instance, the approximation is off by a factor of about 1.5).
/// </summary>
public static class McNemarTest
{
    public const int ExactThreshold = 25;

    /// <param name="a">Outcome per subject under condition A (e.g. refused in US), index i = subject i.</param>
    /// <param name="b">Outcome per subject under condition B, same subjects in the same order.</param>
    public static McNemarResult Compute(bool[] a, bool[] b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Length != b.Length)
        {
            throw new ArgumentException($"Paired outcomes need equal lengths; got {a.Length} and {b.Length}.", nameof(b));
        }

        int bothTrue = 0, onlyA = 0, onlyB = 0, bothFalse = 0;
        for (var i = 0; i < a.Length; i++)
        {
            switch (a[i], b[i])
            {
                case (true, true): bothTrue++; break;
                case (true, false): onlyA++; break;
                case (false, true): onlyB++; break;
                default: bothFalse++; break;
            }
        }

        return FromCounts(bothTrue, onlyA, onlyB, bothFalse);
    }

    /// <summary>From a 2x2 table of pair counts; the concordant cells do not affect the test.</summary>
    public static McNemarResult FromCounts(int bothTrue, int onlyA, int onlyB, int bothFalse)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bothTrue);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyA);
        ArgumentOutOfRangeException.ThrowIfNegative(onlyB);
        ArgumentOutOfRangeException.ThrowIfNegative(bothFalse);

        var discordant = onlyA + onlyB;
        var method = discordant < ExactThreshold ? McNemarMethod.ExactBinomial : McNemarMethod.ChiSquareContinuityCorrected;
        if (discordant == 0)
        {
            // No pair disagrees: no evidence of any difference. The statistic 0/0 is defined as 0 here.
            return new McNemarResult(bothTrue, onlyA, onlyB, bothFalse, 0, 1, 1, method);
        }

        // Edwards' continuity correction, floored at zero so that b = c gives 0 rather than a positive statistic.
        var corrected = Math.Max(0, Math.Abs(onlyA - onlyB) - 1);
        var chiSquare = (double)corrected * corrected / discordant;
        var chiSquareP = 1 - ChiSquared.CDF(1, chiSquare);
        var exactP = ExactTwoSidedBinomialP(Math.Min(onlyA, onlyB), discordant);
        return new McNemarResult(bothTrue, onlyA, onlyB, bothFalse, chiSquare, chiSquareP, exactP, method);
    }

    // Under H0 each discordant pair is a fair coin: p = 2 * P(X <= min(b, c)), X ~ Bin(b + c, 1/2), capped at 1.
    private static double ExactTwoSidedBinomialP(int smaller, int discordant) =>
        Math.Min(1, 2 * Binomial.CDF(0.5, discordant, smaller));
}
