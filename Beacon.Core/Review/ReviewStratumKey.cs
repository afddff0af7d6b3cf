using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>A review stratum: the classifier's class x answer language x model x region.</summary>
public sealed record ReviewStratumKey(ResponseClass PredictedClass, string Language, string Model, string Region);
