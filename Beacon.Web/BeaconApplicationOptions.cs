using Microsoft.Extensions.Configuration;

namespace Beacon.Web;

/// <summary>How Beacon's host is created, before any of its settings are read.</summary>
internal static class BeaconApplicationOptions
{
    /// <summary>
    /// The content root (where appsettings.json is read from) is the application's own directory unless one is
    /// configured (<c>--contentRoot</c>, ASPNETCORE_CONTENTROOT or DOTNET_CONTENTROOT). ASP.NET Core's default, the
    /// current directory, made Beacon started as <c>dotnet Beacon.Web/bin/.../Beacon.Web.dll</c> from elsewhere run
    /// without its settings: no logging filters, so ~10 information lines per execution. The build copies
    /// appsettings*.json next to the dll; static web assets are found through the manifest next to the dll either way.
    /// </summary>
    public static WebApplicationOptions From(string[] args)
    {
        // The same sources, in the same order, as the host reads its own content root from.
        var host = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build();
        return string.IsNullOrEmpty(host[WebHostDefaults.ContentRootKey])
            ? new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory }
            : new WebApplicationOptions { Args = args };
    }
}
