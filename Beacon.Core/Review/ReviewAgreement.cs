using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>
/// How far reviewers agree with each other and with the classifier on the items they both labelled: Cohen's kappa and
/// a confusion table (rows: the first rater's class, columns: the second's) for every pair of reviewers and for each
/// reviewer against the classifier. Skipped items are left out.
/// </summary>
public static class ReviewAgreement
{
    public static IReadOnlyList<RaterAgreement> Compute(IReadOnlyList<ReviewedItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var reviewers = items.SelectMany(i => i.Labels).Select(l => l.Reviewer).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var result = new List<RaterAgreement>();
        foreach (var reviewer in reviewers)
        {
            var pairs = items.Select(i => (Human: Label(i, reviewer), i.ClassifierClass))
                .Where(p => p.Human is not null).Select(p => (p.Human!.Value, p.ClassifierClass)).ToList();
            result.Add(Agreement(reviewer, "classifier", pairs));
        }
        for (var a = 0; a < reviewers.Count; a++)
        {
            for (var b = a + 1; b < reviewers.Count; b++)
            {
                var pairs = items.Select(i => (A: Label(i, reviewers[a]), B: Label(i, reviewers[b])))
                    .Where(p => p.A is not null && p.B is not null).Select(p => (p.A!.Value, p.B!.Value)).ToList();
                result.Add(Agreement(reviewers[a], reviewers[b], pairs));
            }
        }
        return result;
    }

    private static ResponseClass? Label(ReviewedItem item, string reviewer) =>
        item.Labels.FirstOrDefault(l => l.Reviewer == reviewer && !l.Skipped)?.Class;

    private static RaterAgreement Agreement(string first, string second, List<(ResponseClass A, ResponseClass B)> pairs)
    {
        var classes = Enum.GetValues<ResponseClass>();
        var table = classes.Select(a => classes.Select(b => pairs.Count(p => p.A == a && p.B == b)).ToArray()).ToArray();
        var agreed = pairs.Count(p => p.A == p.B);
        return new RaterAgreement(first, second, pairs.Count, pairs.Count == 0 ? null : (double)agreed / pairs.Count,
            CohenKappa.Compute(pairs), classes.Select(c => c.ToString()).ToList(), table);
    }
}
