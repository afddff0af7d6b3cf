using System.Net;
using System.Net.Http.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Security;

public sealed class RateLimitTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db, new Dictionary<string, string?>(BeaconAppFactory.FastEmulator)
        {
            ["Beacon:RateLimits:SignInPermitLimit"] = "3",
            ["Beacon:RateLimits:SignInWindow"] = "00:10:00",
            ["Beacon:RateLimits:SubmissionPermitLimit"] = "2",
            ["Beacon:RateLimits:SubmissionWindow"] = "00:10:00",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task SignInAttemptsBeyondTheLimitAreRefusedWith429()
    {
        using var client = _app.CreateAnonymousClient();
        // The sign-in form and the token endpoint share one budget per address.
        var form = await SignedInBrowserlessClient.SignInAsync(client, BeaconAppFactory.AdminEmail, "wrong-password-1");
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        for (var i = 0; i < 2; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/auth/token", new { email = BeaconAppFactory.AdminEmail, password = "wrong-password-1" });
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/token", new { email = BeaconAppFactory.AdminEmail, password = BeaconAppFactory.AdminPassword });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.True(limited.Headers.RetryAfter is not null);
        var limitedForm = await SignedInBrowserlessClient.SignInAsync(client, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, limitedForm.StatusCode);
        // A person at the sign-in form reads a page, not JSON.
        Assert.Equal("text/html", limitedForm.Content.Headers.ContentType?.MediaType);
        var page = await limitedForm.Content.ReadAsStringAsync();
        Assert.Contains("Too many attempts", page, StringComparison.Ordinal);
        Assert.Contains("href=\"/account/login\"", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task JobSubmissionsBeyondTheLimitAreRefusedWith429PerUser()
    {
        using var ann = await _app.CreateResearcherClientAsync("ann");
        using var bob = await _app.CreateResearcherClientAsync("bob");
        var job = new { questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } };

        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync("/api/jobs", job)).StatusCode);
        Assert.Equal(HttpStatusCode.Created, (await ann.PostAsJsonAsync("/api/jobs", job)).StatusCode);
        var limited = await ann.PostAsJsonAsync("/api/jobs", job);
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);

        // Another user has a budget of their own, and reading is not limited.
        Assert.Equal(HttpStatusCode.Created, (await bob.PostAsJsonAsync("/api/jobs", job)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.GetAsync("/api/jobs")).StatusCode);
    }
}
