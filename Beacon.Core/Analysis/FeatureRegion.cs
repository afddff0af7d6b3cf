namespace Beacon.Core.Analysis;

/// <summary>Which part of the answer a feature was read from: the same words weigh differently at the start.</summary>
internal enum FeatureRegion : byte
{
    Opening,
    Body,
    Ending,
    Meta,
}
