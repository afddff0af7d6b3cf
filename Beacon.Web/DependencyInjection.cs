using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Web.Endpoints;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.RateLimiting;
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
        services.AddOptions<Hubs.LiveHubOptions>().BindConfiguration(Hubs.LiveHubOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<Hubs.JobsHubAccessSweep>();
        services.AddOpenApi();
        services.AddProblemDetails();
        services.AddExceptionHandler<BadRequestExceptionHandler>();
        services.AddExceptionHandler<DatabaseUnavailableExceptionHandler>();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        // Enum values by name only: a number such as "status": 9 is an error naming the field, not a value nobody defined.
        services.Configure<JsonOptions>(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter(allowIntegerValues: false)));
        AddSecurity(services);
        return builder;
    }

    /// <summary>Sign-in (Identity cookie for pages, personal access tokens for scripts), authorisation, rate limits. See docs/decisions/0009-accounts.md.</summary>
    private static void AddSecurity(IServiceCollection services)
    {
        services.AddAuthentication(o =>
            {
                o.DefaultScheme = BeaconAuthentication.Scheme;
                o.DefaultChallengeScheme = BeaconAuthentication.Scheme;
                o.DefaultForbidScheme = BeaconAuthentication.Scheme;
            })
            .AddPolicyScheme(BeaconAuthentication.Scheme, "Cookie or personal access token", o => o.ForwardDefaultSelector = BeaconAuthentication.SelectScheme)
            .AddScheme<AuthenticationSchemeOptions, AccessTokenAuthenticationHandler>(AccessTokenAuthenticationHandler.SchemeName, null)
            .AddIdentityCookies();
        services.AddIdentityCore<BeaconUser>().AddSignInManager();
        services.ConfigureApplicationCookie(o =>
        {
            o.Cookie.Name = "beacon.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.ExpireTimeSpan = TimeSpan.FromHours(12);
            o.SlidingExpiration = true;
            o.LoginPath = "/account/login";
            o.AccessDeniedPath = "/account/access-denied";
            // Scripts, the hub and the API get 401/403 ProblemDetails, never a redirect to an HTML page.
            o.Events.OnRedirectToLogin = context => ProblemResponses.IsApiRequest(context.Request)
                ? ProblemResponses.UnauthorizedAsync(context.HttpContext)
                : Redirect(context);
            o.Events.OnRedirectToAccessDenied = context => ProblemResponses.IsApiRequest(context.Request)
                ? ProblemResponses.ForbiddenAsync(context.HttpContext)
                : Redirect(context);
        });
        // The cookie holds only a session key; the session lives in PostgreSQL, so signing out ends it for good.
        services.AddOptions<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions>(IdentityConstants.ApplicationScheme)
            .Configure<SignInSessionStore>((o, store) => o.SessionStore = store);
        // A changed role reaches cookie sessions within a minute (disabling a user ends them at once).
        services.Configure<SecurityStampValidatorOptions>(o => o.ValidationInterval = TimeSpan.FromMinutes(1));
        services.AddCascadingAuthenticationState();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddAuthorizationBuilder()
            .SetFallbackPolicy(new AuthorizationPolicyBuilder().RequireAuthenticatedUser().Build())
            .AddPolicy(BeaconRoles.Administrator, p => p.RequireRole(BeaconRoles.Administrator));

        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<BeaconRateLimits>();
        services.AddOptions<RateLimiterOptions>().Configure<BeaconRateLimits>((o, limits) =>
        {
            o.GlobalLimiter = new HttpRequestLimiter(limits);
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.OnRejected = (context, _) =>
            {
                context.HttpContext.Response.Headers.RetryAfter = "60";
                return new ValueTask(ProblemResponses.IsApiRequest(context.HttpContext.Request)
                    ? ProblemResponses.WriteAsync(context.HttpContext, StatusCodes.Status429TooManyRequests, "Too many requests",
                        "Too many sign-in attempts or job submissions in a short time; wait a minute and try again.")
                    : ProblemResponses.TooManyRequestsPageAsync(context.HttpContext));
            };
        });
        services.AddRateLimiter(_ => { });
    }

    private static Task Redirect(RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> context)
    {
        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}
