using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>Recorded cost of a group of executions; emulated ones were free.</summary>
public sealed record CostLineResponse(string? Model, string? Region, int Executions, int EmulatedExecutions, double BilledSeconds, decimal Usd)
{
    public static CostLineResponse From(CostLine l) => new(l.Model, l.Region, l.Executions, l.EmulatedExecutions, l.BilledSeconds, l.Usd);
}
