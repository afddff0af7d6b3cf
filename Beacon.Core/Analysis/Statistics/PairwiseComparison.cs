namespace Beacon.Core.Analysis.Statistics;

/// <summary>A McNemar test between two of three or more regions, with its p-value adjusted for the number of pairs (Holm).</summary>
public sealed record PairwiseComparison(string RegionA, string RegionB, McNemarResult Result, double HolmPValue);
