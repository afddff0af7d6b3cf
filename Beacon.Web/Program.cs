using Beacon.Infrastructure;
using Beacon.Infrastructure.Data;
using Beacon.Web;
using Beacon.Web.Components;
using Beacon.Web.Endpoints;
using Beacon.Web.Hubs;
using Hangfire;
using Hangfire.Dashboard;

var builder = WebApplication.CreateBuilder(args);
// scripts/start.sh runs the build output outside Development: without this, package and framework assets
// (_framework/blazor.web.js, MudBlazor's CSS and JS, scoped CSS) are not found. A no-op for published output.
builder.WebHost.UseStaticWebAssets();
builder.AddBeaconInfrastructure();
builder.AddBeaconWeb();

var app = builder.Build();
await app.Services.InitializeBeaconDatabaseAsync();

app.UseExceptionHandler();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAntiforgery();

app.MapStaticAssets();
app.MapOpenApi();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health");
app.MapCatalogEndpoints();
app.MapJobEndpoints();
app.MapCostEndpoints();
app.MapDatasetEndpoints();
app.MapAnalysisEndpoints();
app.MapHub<JobsHub>(JobsHub.Path);
// Until accounts exist the dashboard is served to local requests only.
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new LocalRequestsOnlyAuthorizationFilter()], DashboardTitle = "Beacon background jobs" });
app.MapRazorComponents<App>().AddInteractiveServerRenderMode();

app.Lifetime.ApplicationStarted.Register(() =>
{
    foreach (var address in app.Urls)
    {
        app.Logger.LogInformation("Beacon is running: open {Address}", address);
    }
});

await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
