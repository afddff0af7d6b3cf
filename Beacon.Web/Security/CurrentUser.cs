using System.Security.Claims;
using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;

namespace Beacon.Web.Security;

/// <summary>Who is acting: the signed-in user (cookie or personal access token). Every request that reaches code is signed in.</summary>
public static class CurrentUser
{
    /// <summary>The user's id: jobs record it as their owner.</summary>
    public static string Id(ClaimsPrincipal user) =>
        user.FindFirstValue(ClaimTypes.NameIdentifier) ?? throw new InvalidOperationException("No signed-in user.");

    /// <summary>The user's email, for audit labels people read (who imported a question set, who overrode a class).</summary>
    public static string Name(ClaimsPrincipal user) => user.Identity?.Name ?? Id(user);

    public static bool IsAdministrator(ClaimsPrincipal user) => user.IsInRole(BeaconRoles.Administrator);

    public static Viewer Viewer(ClaimsPrincipal user) => new(Id(user), IsAdministrator(user));

    /// <summary>The client's address, the unit sign-in attempts are counted by (with the account).</summary>
    public static string Address(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}
