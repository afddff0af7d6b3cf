namespace Beacon.Web.Security;

/// <summary>
/// Headers on every response. The policy allows what Blazor Server and MudBlazor need: scripts only from this origin
/// (no inline script, no eval), inline styles (MudBlazor sets style attributes), the circuit's WebSocket. Model answers
/// are rendered as text; the policy is a second line should that ever break. The Hangfire dashboard (administrators
/// only) uses inline scripts, so its pages get a relaxed script-src.
/// </summary>
public static class SecurityHeaders
{
    public const string Policy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self' ws: wss:; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    private const string DashboardPolicy =
        "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; " +
        "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>
    /// Set when the response starts rather than when the request arrives: the exception handler clears the headers of a
    /// failed request before it writes the 500, and that answer must carry them too.
    /// </summary>
    public static IApplicationBuilder UseBeaconSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        context.Response.OnStarting(() =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = context.Request.Path.StartsWithSegments("/hangfire") ? DashboardPolicy : Policy;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()";
            return Task.CompletedTask;
        });
        await next();
    });
}
