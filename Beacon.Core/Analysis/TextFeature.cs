namespace Beacon.Core.Analysis;

/// <summary>
/// One hashed feature of an answer: its bucket in the model, its weight in the input vector, and where it came from
/// (a span of the folded text, or a fixed <see cref="Name"/> for features that are not text), so that the strongest
/// features can be shown as evidence without hashing being reversible.
/// </summary>
internal readonly record struct TextFeature(int Bucket, float Value, int Start, int Length, string? Name, FeatureRegion Region);
