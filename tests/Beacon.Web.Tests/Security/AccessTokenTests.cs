using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beacon.Core.Accounts;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Security;

public sealed class AccessTokenTests : IAsyncLifetime
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

    [Fact]
    public async Task ATokenIsShownOnceStoredOnlyAsItsHashAndStopsWorkingWhenRevoked()
    {
        using var anonymous = _app.CreateAnonymousClient();
        var created = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = BeaconAppFactory.AdminEmail, password = BeaconAppFactory.AdminPassword, name = "notebook" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var body = await created.Content.ReadFromJsonAsync<JsonElement>();
        var token = body.GetProperty("token").GetString()!;
        var id = body.GetProperty("id").GetGuid();
        Assert.StartsWith("bcn_", token, StringComparison.Ordinal);

        var stored = await _db.ScalarAsync<byte[]>("SELECT hash FROM personal_access_tokens WHERE id = @id", ("id", id));
        Assert.Equal(SHA256.HashData(Encoding.UTF8.GetBytes(token)), stored);
        var anywhere = await _db.ScalarAsync<long>("SELECT count(*) FROM personal_access_tokens t WHERE position(@secret in t::text) > 0", ("secret", token[4..]));
        Assert.Equal(0, anywhere);

        using var client = _app.CreateAnonymousClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/jobs")).StatusCode);
        var listed = await client.GetStringAsync("/api/account/tokens");
        Assert.Contains("notebook", listed, StringComparison.Ordinal);
        Assert.DoesNotContain(token, listed, StringComparison.Ordinal);
        Assert.Contains(token[..12], listed, StringComparison.Ordinal);

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/account/tokens/{id}")).StatusCode);
        var refused = await client.GetAsync("/api/jobs");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task WrongPasswordsAndUnknownOrDisabledUsersGetNoToken()
    {
        using var anonymous = _app.CreateAnonymousClient();
        var wrong = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = BeaconAppFactory.AdminEmail, password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var unknown = await anonymous.PostAsJsonAsync("/api/auth/token", new { email = "nobody@beacon.test", password = "not-the-password" });
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);

        var (userId, email, researcher) = await _app.CreateUserAsync("leaver", BeaconRoles.Researcher);
        Assert.Equal(HttpStatusCode.OK, (await researcher.GetAsync("/api/jobs")).StatusCode);
        using var admin = await _app.CreateAdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{userId}/disable", null)).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await researcher.GetAsync("/api/jobs")).StatusCode);
        var disabled = await anonymous.PostAsJsonAsync("/api/auth/token", new { email, password = BeaconAppFactory.UserPassword });
        Assert.Equal(HttpStatusCode.Unauthorized, disabled.StatusCode);
        Assert.Contains("This account is disabled", await disabled.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AForgedOrMalformedTokenIsRefused()
    {
        foreach (var token in new[] { "bcn_" + new string('A', 43), "not-a-token", "bcn_" })
        {
            using var client = _app.CreateAnonymousClient();
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/jobs")).StatusCode);
        }
    }
}
