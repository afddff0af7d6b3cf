namespace Beacon.Web.Endpoints;

/// <summary>
/// A path under /api that no route matches (a mistyped route, or an id of the wrong form such as /api/jobs/abc) answers
/// a 404 ProblemDetails, never the HTML not-found page meant for browsers.
/// </summary>
public static class ApiNotFoundEndpoints
{
    public static IEndpointRouteBuilder MapApiNotFound(this IEndpointRouteBuilder routes)
    {
        routes.MapFallback("/api/{**path}", (HttpContext context) => TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "No such API route",
                detail: $"Nothing answers {context.Request.Method} {context.Request.Path}. Job and dataset ids are GUIDs, execution ids are numbers; " +
                    "every route is listed in /openapi/v1.json."))
            .ExcludeFromDescription();
        return routes;
    }
}
