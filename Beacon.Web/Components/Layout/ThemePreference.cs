namespace Beacon.Web.Components.Layout;

/// <summary>
/// Light or dark: the reader's choice when there is one ("dark" or "light" in localStorage), else the system's. A
/// choice that matches the system is not stored, so the page follows the system again from then on.
/// </summary>
public static class ThemePreference
{
    public const string StorageKey = "beacon-theme";

    public static bool IsDark(string? chosen, bool systemDark) => chosen switch
    {
        "dark" => true,
        "light" => false,
        _ => systemDark,
    };

    /// <summary>What to store after the reader switched to <paramref name="dark"/>: null (follow the system) when it matches.</summary>
    public static string? Choice(bool dark, bool systemDark) => dark == systemDark ? null : dark ? "dark" : "light";
}
