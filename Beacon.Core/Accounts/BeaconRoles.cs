namespace Beacon.Core.Accounts;

/// <summary>The two roles. Administrators see every job and manage users; researchers see their own jobs and jobs shared with them.</summary>
public static class BeaconRoles
{
    public const string Administrator = "Administrator";
    public const string Researcher = "Researcher";

    public static IReadOnlyList<string> All { get; } = [Administrator, Researcher];

    /// <summary>The canonical spelling of a role name, or null when it is not one.</summary>
    public static string? Parse(string? role) =>
        All.FirstOrDefault(r => string.Equals(r, role?.Trim(), StringComparison.OrdinalIgnoreCase));
}
