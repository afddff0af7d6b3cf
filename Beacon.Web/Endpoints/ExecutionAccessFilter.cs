using Beacon.Infrastructure.Accounts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Guards every endpoint under /api/executions/{id}: the execution's job must be visible to the caller, else 404.</summary>
public sealed class ExecutionAccessFilter(JobAccess access) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        if (!long.TryParse(http.Request.RouteValues["id"]?.ToString(), out var id) ||
            !await access.CanSeeExecutionAsync(id, CurrentUser.Viewer(http.User), http.RequestAborted))
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Execution not found", Detail = $"There is no execution {http.Request.RouteValues["id"]}.", Status = 404 });
        }
        return await next(context);
    }
}
