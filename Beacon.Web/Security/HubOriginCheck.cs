using Beacon.Web.Hubs;

namespace Beacon.Web.Security;

/// <summary>
/// A browser sends the sign-in cookie to the hub whatever page opened the connection, so a connection that relies on the
/// cookie must come from one of Beacon's own pages: another site's Origin is refused (403). Scripts that send a token
/// (Authorization header or access_token) are not affected: a token is not sent by a browser on its own.
/// </summary>
public static class HubOriginCheck
{
    public static IApplicationBuilder UseHubOriginCheck(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var request = context.Request;
        if (request.Path.StartsWithSegments(JobsHub.Path) && !CarriesToken(request) &&
            request.Headers.Origin is { Count: > 0 } origin && !SameOrigin(origin.ToString(), request))
        {
            await ProblemResponses.WriteAsync(context, StatusCodes.Status403Forbidden, "Cross-site connection refused",
                "The live-updates hub accepts cookie sign-in only from Beacon's own pages; scripts send a token instead.");
            return;
        }
        await next();
    });

    private static bool CarriesToken(HttpRequest request) =>
        request.Headers.Authorization.Count > 0 || request.Query.ContainsKey("access_token");

    private static bool SameOrigin(string origin, HttpRequest request) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri) &&
        string.Equals(uri.Scheme, request.Scheme, StringComparison.OrdinalIgnoreCase) &&
        string.Equals(uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}", request.Host.Value, StringComparison.OrdinalIgnoreCase);
}
