namespace Beacon.Core.Review;

/// <summary>Precision and recall of the classifier's "refusal" on one language's human-labelled answers.</summary>
public sealed record LanguageAccuracy(string Language, int Items, double? RefusalPrecision, double? RefusalRecall);
