using Beacon.Web.Endpoints;
using Microsoft.AspNetCore.Http.Json;
using MudBlazor.Services;

namespace Beacon.Web;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddBeaconWeb(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddRazorComponents().AddInteractiveServerComponents();
        // Bottom right: the top right of a job page holds its actions.
        services.AddMudServices(o => o.SnackbarConfiguration.PositionClass = MudBlazor.Defaults.Classes.Position.BottomRight);
        services.AddSignalR();
        services.AddSingleton<Hubs.JobsHubSubscriptions>();
        services.AddHostedService<Hubs.JobsHubBridge>();
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        return builder;
    }
}
