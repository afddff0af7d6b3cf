using Beacon.Infrastructure.Accounts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>
/// Guards every endpoint under /api/jobs/{id}: a job the caller may not see (<see cref="JobAccess"/>) is answered
/// 404, exactly like a job that does not exist, so ids of other people's jobs reveal nothing.
/// </summary>
public sealed class JobAccessFilter(JobAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!Guid.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id) ||
            !await access.CanSeeJobAsync(id, CurrentUser.Viewer(http.User), http.RequestAborted))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {http.Request.RouteValues["id"]}.", Status = 404 });
        }
        return await next(context);
    }
}
