using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>A drawn item as the estimates see it: its stratum, the classifier's class and every reviewer's label.</summary>
public sealed record ReviewedItem(long ItemId, ReviewStratumKey Stratum, ResponseClass ClassifierClass, IReadOnlyList<HumanLabel> Labels)
{
    /// <summary>
    /// The class the reviewers gave (skips ignored): the most frequent; on a tie, the one labelled first. Null when
    /// nobody has labelled the item.
    /// </summary>
    public ResponseClass? HumanClass => HumanConsensus.Of(Labels);
}
