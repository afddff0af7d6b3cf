using Beacon.Infrastructure;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Web;
using Beacon.Web.Components;
using Beacon.Web.Endpoints;
using Beacon.Web.Hubs;
using Beacon.Web.Security;
using Hangfire;

var builder = WebApplication.CreateBuilder(BeaconApplicationOptions.From(args));
// scripts/start.sh runs the build output outside Development: without this, package and framework assets
// (_framework/blazor.web.js, MudBlazor's CSS and JS, scoped CSS) are not found. A no-op for published output.
builder.WebHost.UseStaticWebAssets();
builder.AddBeaconInfrastructure();
builder.AddBeaconWeb();

var app = builder.Build();
await app.Services.InitializeBeaconDatabaseAsync();
await app.Services.InitializeBeaconAccountsAsync();

app.UseBeaconSecurityHeaders();
app.UseHubOriginCheck();
app.UseExceptionHandler();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseAntiforgery();

// Everything requires a signed-in user (the fallback policy) except what is marked AllowAnonymous below and in the
// sign-in page: static files (public anyway), /health, and the two ways to sign in.
app.MapStaticAssets().AllowAnonymous();
app.MapOpenApi();
app.MapGet("/health", () => TypedResults.Ok(new { status = "ok" })).WithTags("Health").AllowAnonymous();
// Every API endpoint refuses text that cannot be stored and enum values it does not define, naming the field.
var api = app.MapGroup("").AddEndpointFilterFactory(ArgumentChecks.Create);
api.MapAccountEndpoints();
api.MapUserEndpoints();
api.MapCatalogEndpoints();
api.MapJobEndpoints();
api.MapSharingEndpoints();
api.MapCostEndpoints();
api.MapDatasetEndpoints();
api.MapAnalysisEndpoints();
api.MapClassifierEndpoints();
api.MapReviewEndpoints();
api.MapApiNotFound();
app.MapHub<JobsHub>(JobsHub.Path);
app.MapHangfireDashboard("/hangfire", new DashboardOptions { Authorization = [new AdministratorDashboardFilter()], DashboardTitle = "Beacon background jobs" });
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
