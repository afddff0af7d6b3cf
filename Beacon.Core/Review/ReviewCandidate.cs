using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>An answered execution that may be drawn for review, with the stratum it belongs to.</summary>
public sealed record ReviewCandidate(long ExecutionId, string QuestionId, ResponseClass PredictedClass, string Language, string Model, string Region, Guid Job = default)
{
    public ReviewStratumKey Stratum => new(PredictedClass, Language, Model, Region, Job);
}
