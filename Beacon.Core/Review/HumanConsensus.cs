using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>
/// The class reviewers gave one item (skips ignored): the most frequent; on a tie, the one labelled first. Null when
/// nobody labelled it.
/// </summary>
public static class HumanConsensus
{
    public static ResponseClass? Of(IEnumerable<HumanLabel> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        return labels.Where(l => !l.Skipped && l.Class is not null)
            .GroupBy(l => l.Class!.Value)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Min(l => l.LabelledAt))
            .Select(g => (ResponseClass?)g.Key)
            .FirstOrDefault();
    }
}
