using Beacon.Core.Accounts;
using Hangfire.Dashboard;

namespace Beacon.Web.Security;

/// <summary>The Hangfire dashboard is for administrators (Hangfire answers 403 to anyone else who is signed in).</summary>
public sealed class AdministratorDashboardFilter : IDashboardAuthorizationFilter
{
    public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(BeaconRoles.Administrator);
}
