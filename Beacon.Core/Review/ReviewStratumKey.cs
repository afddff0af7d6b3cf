using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>
/// A review stratum: the classifier's class x answer language x model x region, within one job. The job is part of the
/// stratum so that a sample drawn across several jobs is a stratified sample of each job on its own: every job gets its
/// own corrected rates, and the pooled rate over the jobs is the same estimator over all their strata.
/// </summary>
public sealed record ReviewStratumKey(ResponseClass PredictedClass, string Language, string Model, string Region, Guid Job);
