using MathNet.Numerics.Distributions;

namespace Beacon.Core.Analysis;

/// <summary>
/// Wilson score interval for a binomial proportion. Chosen over the textbook Wald interval (p ± z·√(p(1-p)/n))
/// because Beacon's samples are small (often 8-50 questions) and rates sit near 0 or 1, where Wald collapses
/// to a zero-width interval (0/10 would give [0, 0]) and undercovers badly.
/// </summary>
public static class WilsonInterval
{
    public static ProportionInterval Compute(int successes, int trials, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(trials);
        ArgumentOutOfRangeException.ThrowIfNegative(successes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(successes, trials);
        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "Confidence must lie strictly between 0 and 1.");
        }

        if (trials == 0)
        {
            return ProportionInterval.Empty(confidence);
        }

        var z = Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
        double n = trials;
        var p = successes / n;
        var z2 = z * z;
        var denominator = 1 + (z2 / n);
        var centre = (p + (z2 / (2 * n))) / denominator;
        var halfWidth = z / denominator * Math.Sqrt((p * (1 - p) / n) + (z2 / (4 * n * n)));

        // At the boundaries the exact bound is 0 (or 1); floating point would otherwise leave a 1e-17 residue.
        var lower = successes == 0 ? 0 : Math.Max(0, centre - halfWidth);
        var upper = successes == trials ? 1 : Math.Min(1, centre + halfWidth);
        return new ProportionInterval(successes, trials, confidence, p, lower, upper);
    }
}
