using Beacon.Core.Costs;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record JobCostResponse(
    Guid JobId,
    string Currency,
    CostLineResponse Total,
    IReadOnlyList<CostLineResponse> ByRegion,
    IReadOnlyList<CostLineResponse> ByModel,
    IReadOnlyList<CostLineResponse> ByLane)
{
    public static JobCostResponse From(Guid jobId, CostBreakdown c) => new(
        jobId, "USD", CostLineResponse.From(c.Total),
        c.ByRegion.Select(CostLineResponse.From).ToList(),
        c.ByModel.Select(CostLineResponse.From).ToList(),
        c.ByLane.Select(CostLineResponse.From).ToList());
}
