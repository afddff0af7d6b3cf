namespace Beacon.Web.Endpoints;

/// <summary>
/// A path under /api that no route matches (a mistyped route, or an id of the wrong form such as /api/jobs/abc) answers
/// a 404 ProblemDetails, never the HTML not-found page meant for browsers.
/// </summary>
public static class ApiNotFoundEndpoints
{
    public static IEndpointRouteBuilder MapApiNotFound(this IEndpointRouteBuilder routes)
    {
        routes.MapFallback("/api/{**path}", Answer).ExcludeFromDescription();
        return routes;
    }

    private static IResult Answer(HttpContext context)
    {
        // Routing turns a JSON endpoint away when the body is sent as something else, and this fallback is what is left:
        // say what is wrong with the body (415) rather than that the route does not exist.
        var request = context.Request;
        if ((HttpMethods.IsPost(request.Method) || HttpMethods.IsPut(request.Method)) && request.ContentLength is > 0 or null && request.HasJsonContentType() is false &&
            request.ContentType is not null)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                title: "The body must be JSON; nothing was saved.",
                detail: $"Send the body as JSON with the header Content-Type: application/json (this request said '{request.ContentType}').");
        }
        return TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "No such API route",
            detail: $"Nothing answers {request.Method} {request.Path}. Job and dataset ids are GUIDs, execution ids are numbers; " +
                "every route is listed in /openapi/v1.json.");
    }
}
