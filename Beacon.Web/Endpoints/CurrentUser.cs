namespace Beacon.Web.Endpoints;

/// <summary>Who is acting. Until accounts exist (see the accounts issue) everyone is the local researcher.</summary>
public static class CurrentUser
{
    public const string Local = "local";

    public static string Name(HttpContext context) => context.User.Identity?.IsAuthenticated == true
        ? context.User.Identity.Name ?? Local
        : Local;
}
