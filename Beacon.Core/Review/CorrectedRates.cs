using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Correction;

namespace Beacon.Core.Review;

/// <summary>
/// Corrected refusal rates of a review sample: overall, per (model, region) and per answer language. <see cref="Compute"/>
/// pools every stratum it is given (the rows' <see cref="CorrectedRefusalRate.Job"/> is null); <see cref="PerJob"/> gives
/// each job's own rows (a sample's strata never span jobs, so each job's rows are its own stratified estimate).
/// </summary>
public static class CorrectedRates
{
    /// <summary>Each job's rows (overall, per model and region, per language), tagged with the job, in the order of the strata.</summary>
    public static IReadOnlyList<CorrectedRefusalRate> PerJob(IReadOnlyList<ReviewStratum> strata, IReadOnlyList<ReviewedItem> items, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        return strata.GroupBy(s => s.Key.Job)
            .SelectMany(g => Compute(g.ToList(), items, confidence).Select(r => r with { Job = g.Key }))
            .ToList();
    }

    public static IReadOnlyList<CorrectedRefusalRate> Compute(IReadOnlyList<ReviewStratum> strata, IReadOnlyList<ReviewedItem> items, double confidence = 0.95)
    {
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(items);
        var labelled = items.Where(i => i.HumanClass is not null).GroupBy(i => i.Stratum)
            .ToDictionary(g => g.Key, g => (Reviewed: g.Count(), Refusals: g.Count(i => i.HumanClass == ResponseClass.Refusal)));
        var result = new List<CorrectedRefusalRate> { Rate(null, null, null, strata, labelled, confidence) };
        foreach (var group in strata.GroupBy(s => (s.Key.Model, s.Key.Region)))
        {
            result.Add(Rate(group.Key.Model, group.Key.Region, null, group.ToList(), labelled, confidence));
        }
        foreach (var group in strata.GroupBy(s => s.Key.Language).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            result.Add(Rate(null, null, group.Key, group.ToList(), labelled, confidence));
        }
        return result;
    }

    private static CorrectedRefusalRate Rate(string? model, string? region, string? language, IReadOnlyList<ReviewStratum> strata,
        Dictionary<ReviewStratumKey, (int Reviewed, int Refusals)> labelled, double confidence)
    {
        var answers = strata.Sum(s => s.Population);
        var classified = strata.Where(s => s.Key.PredictedClass == ResponseClass.Refusal).Sum(s => s.Population);
        var units = Math.Min(answers, strata.Sum(s => s.Cells));
        var counts = strata.Select(s =>
        {
            var (reviewed, refusals) = labelled.GetValueOrDefault(s.Key);
            return (Stratum: s, Counts: new StratumCounts(s.Population, reviewed, refusals, s.Key.PredictedClass == ResponseClass.Refusal));
        }).ToList();
        var corrected = TwoPhaseEstimator.Estimate(counts.Select(c => c.Counts).ToList(), units, confidence);

        // Raw share over answers, interval over the independent cells (repeats of a question are not independent).
        var raw = answers == 0 ? null : (double?)classified / answers;
        var rawInterval = raw is { } r && units > 0 ? WilsonInterval.Compute((int)Math.Round(r * units), units, confidence) : null;

        var predictedRefusals = counts.Where(c => c.Counts.PredictedRefusal && c.Counts.Reviewed > 0).ToList();
        double? precision = predictedRefusals.Sum(c => c.Counts.Reviewed) is var reviewedRefusals and > 0
            ? (double)predictedRefusals.Sum(c => c.Counts.HumanRefusals) / reviewedRefusals
            : null;
        var estimatedTrue = counts.Where(c => c.Counts.Reviewed > 0).Sum(c => c.Counts.Population * (double)c.Counts.HumanRefusals / c.Counts.Reviewed);
        var estimatedCaught = predictedRefusals.Sum(c => c.Counts.Population * (double)c.Counts.HumanRefusals / c.Counts.Reviewed);
        double? recall = estimatedTrue > 0 && counts.All(c => c.Counts.Population == 0 || c.Counts.Reviewed > 0) ? estimatedCaught / estimatedTrue : null;

        return new CorrectedRefusalRate(model, region, language, answers, classified, raw,
            rawInterval?.Lower, rawInterval?.Upper, corrected, precision, recall);
    }
}
