namespace Beacon.Web.Endpoints.Contracts;

public sealed record PageResponse<T>(IReadOnlyList<T> Items, int Total, int Page, int PageSize);
