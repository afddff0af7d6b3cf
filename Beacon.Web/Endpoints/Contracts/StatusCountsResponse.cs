using Beacon.Core.Jobs;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record StatusCountsResponse(int Pending, int Running, int Succeeded, int Failed, int Cancelled, int Total)
{
    public static StatusCountsResponse From(StatusCounts c) => new(c.Pending, c.Running, c.Succeeded, c.Failed, c.Cancelled, c.Total);
}
