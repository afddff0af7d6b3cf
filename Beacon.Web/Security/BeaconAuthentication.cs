using Microsoft.AspNetCore.Identity;

namespace Beacon.Web.Security;

/// <summary>
/// The default scheme: a policy that hands each request to the personal access token handler or to Identity's cookie.
/// API writes never use the cookie (no cross-site request can then act for a signed-in browser): they need a token.
/// </summary>
public static class BeaconAuthentication
{
    public const string Scheme = "Beacon";

    public static string SelectScheme(HttpContext context)
    {
        var request = context.Request;
        if (AccessTokenAuthenticationHandler.HasToken(request))
        {
            return AccessTokenAuthenticationHandler.SchemeName;
        }
        if (request.Path.StartsWithSegments("/api") && !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return AccessTokenAuthenticationHandler.SchemeName;
        }
        return IdentityConstants.ApplicationScheme;
    }
}
