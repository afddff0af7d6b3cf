namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// How large a review sample to draw: <c>perStratum</c> answers per stratum, or a <c>share</c> (0-1] of each; optional seed;
/// <c>jobIds</c>: other jobs to sample together with this one (one sample, strata within each job).
/// </summary>
public sealed record ReviewSampleRequest(int? PerStratum, double? Share, int? Seed, Guid[]? JobIds);
