using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Accounts;
using Beacon.Tests.Shared;
using Beacon.Web.Hubs;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Anonymous, the owner (a researcher), another researcher and an administrator against every API endpoint the app
/// maps (read from its EndpointDataSource, so a new endpoint cannot be forgotten), the pages, the hub and the Hangfire dashboard.
/// </summary>
public sealed class AuthorisationMatrixTests : IAsyncLifetime
{
    /// <summary>The only endpoints anyone may reach without signing in (static files aside).</summary>
    private static readonly HashSet<string> Anonymous = ["/health", "/api/auth/token", "/account/login"];

    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _anonymous = null!;
    private HttpClient _admin = null!;
    private HttpClient _owner = null!;
    private HttpClient _other = null!;
    private string _otherId = "";
    private Guid _job;
    private long _execution;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _anonymous = _app.CreateAnonymousClient();
        _admin = await _app.CreateAdminClientAsync();
        _owner = await _app.CreateResearcherClientAsync("owner");
        (_otherId, _, _other) = await _app.CreateUserAsync("other", BeaconRoles.Researcher);
        var created = await _owner.PostAsJsonAsync("/api/jobs", new { name = "owner's job", questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } });
        _job = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => (await _owner.GetFromJsonAsync<JsonElement>($"/api/jobs/{_job}")).GetProperty("status").GetString(),
            s => s == "completed", TimeSpan.FromSeconds(60), "the owner's job to complete");
        _execution = (await _owner.GetFromJsonAsync<JsonElement>($"/api/jobs/{_job}/executions")).GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task EveryApiEndpointRefusesAnonymousCallersAndHidesOtherPeoplesJobs()
    {
        var endpoints = ApiEndpoints();
        Assert.Contains(endpoints, e => e.Name == "GetJob");
        Assert.Contains(endpoints, e => e.Name == "OverrideClassification");
        Assert.Contains(endpoints, e => e.Name == "ListUsers");

        // Anonymous first, the administrator last: the administrator's calls (disable a user, cancel) change things.
        var failures = new List<string>();
        foreach (var who in new[] { "anonymous", "other", "owner", "admin" })
        {
            foreach (var endpoint in endpoints)
            {
                using var response = await SendAsync(Client(who), endpoint);
                var body = await response.Content.ReadAsStringAsync();
                var status = (int)response.StatusCode;
                var hidden = status == 404 && (body.Contains("\"Job not found\"", StringComparison.Ordinal) || body.Contains("\"Execution not found\"", StringComparison.Ordinal));
                string? wrong = who switch
                {
                    "anonymous" when Anonymous.Contains(endpoint.Pattern) => endpoint.Pattern == "/health" && status != 200 ? "health not 200" : null,
                    "anonymous" => status == 401 && response.Content.Headers.ContentType?.MediaType == "application/problem+json" ? null : "not a 401 ProblemDetails",
                    _ when status == 401 && !Anonymous.Contains(endpoint.Pattern) => "401 for a signed-in user",
                    "other" or "owner" when endpoint.AdminOnly => status == 403 ? null : "not 403 for a researcher",
                    "other" when endpoint.JobScoped => hidden ? null : "another researcher's job was not hidden",
                    _ when status == 403 => "403",
                    _ when hidden => "own or visible job reported missing",
                    _ => null,
                };
                if (wrong is not null)
                {
                    failures.Add($"{who} {endpoint.Method} {endpoint.Pattern}: {status} ({wrong}) {body[..Math.Min(body.Length, 200)]}");
                }
            }
        }
        Assert.Empty(failures);
    }

    [Fact]
    public async Task PagesSendAnonymousVisitorsToSignInAndShowOtherPeoplesJobsAsMissing()
    {
        var pages = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.Metadata.GetMetadata<ComponentTypeMetadata>() is not null)
            .Select(e => e.RoutePattern.RawText!).Distinct().ToList();
        Assert.Contains("/jobs/{Id:guid}", pages);
        foreach (var pattern in pages)
        {
            var path = Concrete(pattern);
            using var response = await _anonymous.GetAsync(path);
            if (Anonymous.Contains(pattern))
            {
                Assert.Equal(HttpStatusCode.OK, response.StatusCode);
                continue;
            }
            Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{path}: {(int)response.StatusCode}");
            Assert.StartsWith("/account/login", response.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        }

        using var owner = await SignedInBrowserlessClient.CreateAsync(_app, "owner@beacon.test", BeaconAppFactory.UserPassword);
        using var other = await SignedInBrowserlessClient.CreateAsync(_app, "other@beacon.test", BeaconAppFactory.UserPassword);
        using var admin = await SignedInBrowserlessClient.CreateAsync(_app, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);

        // Every page about one job or one execution (job page, statistics, comparison, execution) hides other people's.
        foreach (var pattern in pages.Where(p => p.Contains("{Id:", StringComparison.Ordinal)))
        {
            var path = Concrete(pattern);
            var marker = pattern.Contains("{Id:long}", StringComparison.Ordinal) ? "execution-not-found" : "job-not-found";
            Assert.True((await other.GetStringAsync(path)).Contains(marker, StringComparison.Ordinal), $"{path} shown to another researcher");
            Assert.False((await owner.GetStringAsync(path)).Contains(marker, StringComparison.Ordinal), $"{path} hidden from its owner");
            Assert.False((await admin.GetStringAsync(path)).Contains(marker, StringComparison.Ordinal), $"{path} hidden from an administrator");
        }
        Assert.Contains("/jobs/{Id:guid}/statistics", pages);

        var ownJob = await owner.GetStringAsync($"/jobs/{_job}");
        Assert.Contains("owner&#x27;s job", ownJob, StringComparison.Ordinal);
        Assert.DoesNotContain("job-not-found", ownJob, StringComparison.Ordinal);
        var othersJob = await other.GetStringAsync($"/jobs/{_job}");
        Assert.Contains("job-not-found", othersJob, StringComparison.Ordinal);
        Assert.DoesNotContain("owner&#x27;s job", othersJob, StringComparison.Ordinal);
        Assert.Contains("execution-not-found", await other.GetStringAsync($"/executions/{_execution}"), StringComparison.Ordinal);
        Assert.DoesNotContain("execution-not-found", await owner.GetStringAsync($"/executions/{_execution}"), StringComparison.Ordinal);
        Assert.DoesNotContain("owner&#x27;s job", await other.GetStringAsync("/jobs"), StringComparison.Ordinal);
        Assert.Contains("owner&#x27;s job", await admin.GetStringAsync($"/jobs/{_job}"), StringComparison.Ordinal);

        using var usersAsResearcher = await other.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, usersAsResearcher.StatusCode);
        Assert.StartsWith("/account/access-denied", usersAsResearcher.Headers.Location!.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains("other@beacon.test", await admin.GetStringAsync("/admin/users"), StringComparison.Ordinal);

        // The Hangfire dashboard: administrators only, by cookie or token.
        Assert.Equal(HttpStatusCode.Redirect, (await _anonymous.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await other.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _other.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _admin.GetAsync("/hangfire")).StatusCode);
    }

    [Fact]
    public async Task TheHubRefusesAnonymousConnectionsAndSubscriptionsToOtherPeoplesJobs()
    {
        await using var anonymous = Hub(null);
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => anonymous.StartAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);

        await using var other = Hub(await _app.CreateTokenAsync(_otherId));
        await other.StartAsync();
        await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync("Subscribe", _job));

        await using var admin = Hub(await _app.CreateAdminTokenAsync());
        await admin.StartAsync();
        await admin.InvokeAsync("Subscribe", _job);

        // Once shared, the other researcher may follow the job too.
        var shared = await _owner.PostAsJsonAsync($"/api/jobs/{_job}/shares", new { email = "other@beacon.test" });
        Assert.Equal(HttpStatusCode.OK, shared.StatusCode);
        await other.InvokeAsync("Subscribe", _job);
        Assert.Equal(HttpStatusCode.OK, (await _other.GetAsync($"/api/jobs/{_job}")).StatusCode);
        // ...but may not share it further.
        Assert.Equal(HttpStatusCode.Forbidden, (await _other.PostAsJsonAsync($"/api/jobs/{_job}/shares", new { email = BeaconAppFactory.AdminEmail })).StatusCode);
    }

    private HubConnection Hub(string? token)
    {
        var server = _app.Server;
        return new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, JobsHub.Path.TrimStart('/')), o =>
            {
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
                if (token is not null)
                {
                    o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                }
            })
            .Build();
    }

    private HttpClient Client(string who) => who switch
    {
        "anonymous" => _anonymous,
        "other" => _other,
        "owner" => _owner,
        _ => _admin,
    };

    private sealed record ApiEndpoint(string Method, string Pattern, string? Name, bool JobScoped, bool AdminOnly);

    private List<ApiEndpoint> ApiEndpoints()
    {
        var all = _app.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>().ToList();
        var list = new List<ApiEndpoint>();
        foreach (var endpoint in all)
        {
            var pattern = endpoint.RoutePattern.RawText!;
            var methods = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? [];
            if (endpoint.Metadata.GetMetadata<IAllowAnonymous>() is not null)
            {
                // Whatever may be reached anonymously is on the list, or a static file.
                Assert.True(Anonymous.Contains(pattern) || LooksLikeStaticFile(pattern), $"{pattern} allows anonymous access");
            }
            if (!(pattern.StartsWith("/api", StringComparison.Ordinal) || pattern is "/health" || pattern.StartsWith("/openapi", StringComparison.Ordinal)))
            {
                continue;
            }
            var roles = endpoint.Metadata.GetOrderedMetadata<IAuthorizeData>().Select(a => a.Roles).Where(r => r is not null);
            var adminOnly = roles.Any(r => r!.Contains(BeaconRoles.Administrator, StringComparison.Ordinal)) ||
                endpoint.Metadata.OfType<AuthorizationPolicy>().Any(p => p.Requirements.OfType<Microsoft.AspNetCore.Authorization.Infrastructure.RolesAuthorizationRequirement>().Any());
            var jobScoped = pattern.StartsWith("/api/jobs/{id", StringComparison.Ordinal) || pattern.StartsWith("/api/executions/{id", StringComparison.Ordinal);
            list.AddRange(methods.Select(m => new ApiEndpoint(m, pattern.TrimEnd('/'), endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName, jobScoped, adminOnly)));
        }
        return list.DistinctBy(e => (e.Method, e.Pattern)).ToList();
    }

    private static bool LooksLikeStaticFile(string pattern) =>
        pattern.Contains("_framework", StringComparison.Ordinal) || pattern.Contains("_content", StringComparison.Ordinal) ||
        System.Text.RegularExpressions.Regex.IsMatch(pattern.Split('/').Last(), @"\.[A-Za-z0-9]+$");

    private string Concrete(string pattern) => pattern
        .Replace("{id:guid}", _job.ToString(), StringComparison.Ordinal)
        .Replace("{Id:guid}", _job.ToString(), StringComparison.Ordinal)
        .Replace("{id:long}", _execution.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{Id:long}", _execution.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("{tokenId:guid}", Guid.NewGuid().ToString(), StringComparison.Ordinal)
        .Replace("{userId}", _otherId, StringComparison.Ordinal)
        .Replace("{itemId:long}", "1", StringComparison.Ordinal)
        .Replace("{documentName}", "v1", StringComparison.Ordinal);

    private Task<HttpResponseMessage> SendAsync(HttpClient client, ApiEndpoint endpoint)
    {
        var request = new HttpRequestMessage(new HttpMethod(endpoint.Method), Concrete(endpoint.Pattern));
        if (endpoint.Method is "POST" or "PUT")
        {
            // A body that binds, so that each call reaches authorisation and the access rule rather than failing to bind.
            var body = endpoint.Name switch
            {
                "SubmitJob" or "EstimateJob" => (object)new { questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } },
                "OverrideClassification" => new { @class = "Refusal", note = "matrix" },
                "LabelReviewItem" => new { @class = "Refusal", note = "matrix" },
                "CreateReviewSample" => new { perStratum = 1 },
                "ShareJob" => new { email = "nobody@beacon.test" },
                "CreateToken" => new { name = "matrix" },
                "CreateTokenWithPassword" => new { email = "nobody@beacon.test", password = "wrong-password-1" },
                "CreateUser" => new { email = $"u{Guid.NewGuid():N}@beacon.test", password = "matrix-password-1", role = "Researcher" },
                "ChangeUserRole" => new { role = "Researcher" },
                "ResetUserPassword" => new { password = "matrix-password-2" },
                _ => new { },
            };
            request.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        }
        return client.SendAsync(request);
    }
}
