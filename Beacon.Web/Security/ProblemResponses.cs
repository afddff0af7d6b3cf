using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Security;

/// <summary>401, 403 and 429 answers as ProblemDetails, for the API, the hub and scripts (never a redirect to the sign-in page).</summary>
public static class ProblemResponses
{
    /// <summary>Paths that are not pages: a browser is not sent to the sign-in page from these.</summary>
    public static bool IsApiRequest(HttpRequest request) =>
        request.Path.StartsWithSegments("/api") || request.Path.StartsWithSegments("/hubs") ||
        request.Path.StartsWithSegments("/openapi") || request.Path.StartsWithSegments("/_blazor");

    public static Task WriteAsync(HttpContext context, int status, string title, string detail)
    {
        context.Response.StatusCode = status;
        var problems = context.RequestServices.GetRequiredService<IProblemDetailsService>();
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        }).AsTask();
    }

    public static Task UnauthorizedAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status401Unauthorized, "Sign-in required",
        "Send a personal access token (Authorization: Bearer bcn_...; create one on the Account page or with POST /api/auth/token).");

    public static Task ForbiddenAsync(HttpContext context) => WriteAsync(context, StatusCodes.Status403Forbidden, "Not allowed",
        "Your account may not do this.");
}
