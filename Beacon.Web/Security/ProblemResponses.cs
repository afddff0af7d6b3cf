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

    /// <summary>A person's browser gets a page, not JSON, when the sign-in form is posted too often.</summary>
    public static Task TooManyRequestsPageAsync(HttpContext context)
    {
        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.ContentType = "text/html; charset=utf-8";
        return context.Response.WriteAsync("""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Too many attempts · Beacon</title></head>
            <body style="font-family: system-ui, sans-serif; max-width: 36rem; margin: 4rem auto; padding: 0 1rem; line-height: 1.5">
            <h1 style="font-size: 1.4rem">Too many attempts</h1>
            <p>This address sent too many sign-in attempts in a short time. Wait a minute, then try again.</p>
            <p><a href="/account/login">Back to sign in</a></p>
            </body></html>
            """);
    }
}
