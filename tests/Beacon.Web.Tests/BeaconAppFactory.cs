using Beacon.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Beacon.Web.Tests;

/// <summary>The whole app (web, Hangfire worker, emulator) on a fresh PostgreSQL database.</summary>
public sealed class BeaconAppFactory(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null) : WebApplicationFactory<Program>
{
    public static IReadOnlyDictionary<string, string?> FastEmulator { get; } = new Dictionary<string, string?>
    {
        ["Beacon:Emulator:MinLatencyMs"] = "0",
        ["Beacon:Emulator:MaxLatencyMs"] = "20",
        ["Beacon:Emulator:ColdStartMs"] = "100",
        ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.020",
    };

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Beacon", database.ConnectionString);
        builder.UseSetting("Beacon:Database:MigrateOnStartup", "true");
        builder.UseSetting("Beacon:Worker:WriteBatchDelayMs", "5");
        foreach (var (key, value) in settings ?? FastEmulator)
        {
            builder.UseSetting(key, value);
        }
    }
}
