using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>One reviewer's label of one drawn item: a class, or skipped (no class), with an optional note.</summary>
public sealed record HumanLabel(long ItemId, string Reviewer, ResponseClass? Class, bool Skipped, DateTimeOffset LabelledAt);
