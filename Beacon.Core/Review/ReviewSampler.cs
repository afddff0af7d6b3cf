using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Correction;

namespace Beacon.Core.Review;

/// <summary>
/// Draws a stratified simple random sample of answers for human review (strata: classified class x answer language x
/// model x region, within each job) and predicts the precision the corrected estimate will have. Deterministic for a given seed; the
/// drawn items come back in random order so that a reviewer does not see one stratum after another.
/// </summary>
public static class ReviewSampler
{
    /// <summary>
    /// Before any label exists, the planned precision assumes humans confirm this share of each predicted class as
    /// refusals: most predicted refusals are refusals, and the classifier misses some (docs/classifier.md).
    /// </summary>
    public static double AssumedRefusalShare(ResponseClass predicted) => predicted switch
    {
        ResponseClass.Refusal => 0.9,
        ResponseClass.Partial => 0.3,
        _ => 0.05,
    };

    public static ReviewPlan Plan(IReadOnlyList<ReviewCandidate> candidates, SampleSize size)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(size);
        var strata = Strata(candidates, size);
        var units = strata.Sum(s => s.Cells);
        var overall = TwoPhaseEstimator.PlannedHalfWidth(strata.Select(Planned).ToList(), units);
        var jobs = strata.Select(s => s.Key.Job).Distinct().Count();
        var worst = strata.GroupBy(s => (s.Key.Model, s.Key.Region, s.Key.Job))
            .Select(g => (Name: jobs > 1 ? $"{g.Key.Model} {g.Key.Region} in job {g.Key.Job.ToString()[..8]}" : $"{g.Key.Model} {g.Key.Region}", HalfWidth: TwoPhaseEstimator.PlannedHalfWidth(g.Select(Planned).ToList(), g.Sum(s => s.Cells))))
            .OrderByDescending(x => x.HalfWidth)
            .FirstOrDefault();
        return new ReviewPlan(strata, strata.Sum(s => s.Population), strata.Sum(s => s.Drawn), overall, worst.HalfWidth, worst.Name ?? "");
    }

    public static (IReadOnlyList<ReviewStratum> Strata, IReadOnlyList<ReviewCandidate> Drawn) Draw(IReadOnlyList<ReviewCandidate> candidates, SampleSize size, int seed)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(size);
        var random = new Random(seed);
        var drawn = new List<ReviewCandidate>();
        foreach (var group in candidates.OrderBy(c => c.ExecutionId).GroupBy(c => c.Stratum).OrderBy(g => g.Key.ToString(), StringComparer.Ordinal))
        {
            var members = group.ToArray();
            var n = size.For(members.Length);
            for (var i = 0; i < n; i++)
            {
                var j = random.Next(i, members.Length);
                (members[i], members[j]) = (members[j], members[i]);
            }
            drawn.AddRange(members.Take(n));
        }
        var order = drawn.Select(d => (Item: d, Key: random.Next())).OrderBy(x => x.Key).Select(x => x.Item).ToList();
        return (Strata(candidates, size), order);
    }

    private static List<ReviewStratum> Strata(IReadOnlyList<ReviewCandidate> candidates, SampleSize size) =>
        candidates.GroupBy(c => c.Stratum)
            .Select(g => new ReviewStratum(g.Key, g.Count(), size.For(g.Count()), g.Select(c => c.QuestionId).Distinct(StringComparer.Ordinal).Count()))
            .OrderBy(s => s.Key.Job).ThenBy(s => s.Key.Model, StringComparer.Ordinal).ThenBy(s => s.Key.Region, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Language, StringComparer.Ordinal).ThenBy(s => s.Key.PredictedClass)
            .ToList();

    private static (int, int, double) Planned(ReviewStratum s) => (s.Population, s.Drawn, AssumedRefusalShare(s.Key.PredictedClass));
}
