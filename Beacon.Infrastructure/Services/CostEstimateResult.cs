using Beacon.Core.Costs;

namespace Beacon.Infrastructure.Services;

/// <summary>An estimate, or the same validation errors a submission would get.</summary>
public sealed record CostEstimateResult(CostEstimate? Estimate, IReadOnlyDictionary<string, string[]> Errors);
