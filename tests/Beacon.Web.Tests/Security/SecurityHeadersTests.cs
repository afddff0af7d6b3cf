using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Security;

public sealed class SecurityHeadersTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Theory]
    [InlineData("/account/login")]
    [InlineData("/health")]
    [InlineData("/api/jobs")]
    [InlineData("/jobs")]
    public async Task EveryResponseCarriesTheSecurityHeaders(string path)
    {
        using var client = _app.CreateAnonymousClient();
        using var response = await client.GetAsync(path);

        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self';", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
    }

    [Fact]
    public async Task TheSignInFormCarriesAnAntiforgeryTokenAndAPostWithoutItIsRefused()
    {
        using var client = _app.CreateAnonymousClient();
        var form = await client.GetStringAsync("/account/login");
        Assert.Contains("__RequestVerificationToken", form, StringComparison.Ordinal);

        var forged = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login",
            ["Input.Email"] = BeaconAppFactory.AdminEmail,
            ["Input.Password"] = BeaconAppFactory.AdminPassword,
        }));
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.False(forged.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("beacon.auth", StringComparison.Ordinal)));
    }
}
