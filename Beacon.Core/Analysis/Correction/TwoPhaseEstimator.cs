using MathNet.Numerics.Distributions;

namespace Beacon.Core.Analysis.Correction;

/// <summary>
/// Two-phase (double-sampling) estimate of a refusal rate corrected for classification error. Phase 1: the classifier
/// puts every answer in a stratum (its predicted class, optionally x language x model x region), so the stratum sizes
/// N_h are known. Phase 2: a simple random sample of n_h answers per stratum is labelled by humans; ȳ_h is the share
/// they label refusal. The estimate is p̂ = Σ W_h ȳ_h with W_h = N_h / N: within each predicted class, what humans say
/// refusals really are, weighted by how many answers the classifier put there.
/// <para>
/// Variance (analytic, not bootstrap): V = p̂(1 - p̂)/n' + Σ W_h² (1 - n_h/N_h) v_h. The first term is the sampling of
/// the answers themselves (n' = independent first-phase units: questions, since repeats of one question are not
/// independent), the second the uncertainty about the classifier's error, with the finite-population correction
/// (reviewing a whole stratum removes its share). v_h is the variance of the Jeffreys Beta(x_h + ½, n_h - x_h + ½)
/// posterior of the stratum's refusal share rather than ȳ_h(1 - ȳ_h)/(n_h - 1), which is 0 whenever a stratum's sample
/// is unanimous (common: "no refusal among the 40 substantive answers reviewed") and would claim the classifier never
/// errs there. The interval is Wilson's with the effective sample size n_eff = p̂(1 - p̂)/V, capped at n' (Korn and
/// Graubard 1998), so it stays inside [0, 1] and asymmetric near 0 and 1 like the raw rates' intervals.
/// Coverage and bias are checked by simulation (TwoPhaseEstimatorSimulationTests, docs/statistics.md).
/// </para>
/// </summary>
public static class TwoPhaseEstimator
{
    public static CorrectedRate Estimate(IReadOnlyList<StratumCounts> strata, int firstPhaseUnits, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentOutOfRangeException.ThrowIfNegative(firstPhaseUnits);
        var answers = strata.Sum(s => s.Population);
        if (answers == 0)
        {
            return CorrectedRate.Empty(confidence);
        }
        foreach (var s in strata)
        {
            if (s.Reviewed > s.Population || s.HumanRefusals > s.Reviewed || s.Reviewed < 0 || s.HumanRefusals < 0)
            {
                throw new ArgumentException($"Invalid stratum: {s}.", nameof(strata));
            }
        }

        var units = Math.Clamp(firstPhaseUnits, 1, answers);
        double rate = 0, classificationVariance = 0;
        var reviewed = 0;
        var unreviewed = 0;
        foreach (var s in strata.Where(s => s.Population > 0))
        {
            var weight = (double)s.Population / answers;
            if (s.Reviewed == 0)
            {
                unreviewed += s.Population;
                rate += weight * (s.PredictedRefusal ? 1 : 0);
                continue;
            }
            reviewed += s.Reviewed;
            rate += weight * s.HumanRefusals / s.Reviewed;
            var finitePopulation = 1 - ((double)s.Reviewed / s.Population);
            classificationVariance += weight * weight * finitePopulation * JeffreysVariance(s.HumanRefusals, s.Reviewed);
        }

        var samplingVariance = rate * (1 - rate) / units;
        var variance = samplingVariance + classificationVariance;
        var z = Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2));
        var effective = rate is > 0 and < 1 && variance > 0 ? Math.Min(units, rate * (1 - rate) / variance) : units;
        var (lower, upper) = Wilson(rate, effective, z);
        return new CorrectedRate(rate, lower, upper, Math.Sqrt(variance), answers, reviewed, unreviewed, units, confidence);
    }

    /// <summary>
    /// The half-width of the 95% interval a review of <paramref name="plannedPerStratum"/> answers per stratum can be
    /// expected to give, before anyone has labelled anything, assuming humans confirm <paramref name="assumedRefusalShare"/>
    /// of each stratum as refusals (e.g. 0.9 of predicted refusals, 0.3 of partial, 0.05 of substantive answers).
    /// </summary>
    public static double PlannedHalfWidth(IReadOnlyList<(int Population, int Planned, double AssumedRefusalShare)> strata, int firstPhaseUnits, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        var answers = strata.Sum(s => s.Population);
        if (answers == 0)
        {
            return double.NaN;
        }
        var units = Math.Clamp(firstPhaseUnits, 1, answers);
        double rate = 0, variance = 0;
        foreach (var (population, planned, share) in strata.Where(s => s.Population > 0))
        {
            var weight = (double)population / answers;
            rate += weight * share;
            var n = Math.Clamp(planned, 0, population);
            // A stratum nobody reviews keeps the classifier's error unmeasured: count it as unknown (share variance ¼).
            variance += n == 0 ? weight * weight * 0.25 : weight * weight * (1 - ((double)n / population)) * share * (1 - share) / n;
        }
        variance += rate * (1 - rate) / units;
        return Normal.InvCDF(0, 1, 1 - ((1 - confidence) / 2)) * Math.Sqrt(variance);
    }

    private static double JeffreysVariance(int refusals, int reviewed)
    {
        var a = refusals + 0.5;
        var b = reviewed - refusals + 0.5;
        return a * b / ((a + b) * (a + b) * (a + b + 1));
    }

    private static (double Lower, double Upper) Wilson(double rate, double n, double z)
    {
        var z2 = z * z;
        var centre = (rate + (z2 / (2 * n))) / (1 + (z2 / n));
        var half = z / (1 + (z2 / n)) * Math.Sqrt((rate * (1 - rate) / n) + (z2 / (4 * n * n)));
        return (Math.Max(0, centre - half), Math.Min(1, centre + half));
    }
}
