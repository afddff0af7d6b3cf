using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Tests.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Security;

/// <summary>
/// Wrong passwords cannot be used to lock someone else out, the answers never tell whether an email exists, signing out
/// ends the session on the server, and a token answer is never cached.
/// </summary>
public sealed partial class SignInAbuseTests : IAsyncLifetime
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

    private static Task<HttpResponseMessage> TokenAsync(HttpClient client, string email, string password) =>
        client.PostAsJsonAsync("/api/auth/token", new { email, password, name = "abuse test" });

    [Fact]
    public async Task WrongPasswordsFromOneAddressDoNotLockTheAccountForItsOwnerElsewhere()
    {
        using var attacker = _app.CreateAnonymousClient();
        for (var i = 0; i < 8; i++)
        {
            await TokenAsync(attacker, BeaconAppFactory.AdminEmail, $"guess-number-{i}");
        }

        // The attacker's address is slowed down for this account, even with the right password ...
        var throttled = await TokenAsync(attacker, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);
        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.NotNull(throttled.Headers.RetryAfter);

        // ... while the owner, from their own address, signs in as usual: the account itself was never locked.
        using var scope = _app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        var check = await _app.Services.GetRequiredService<PasswordSignIn>()
            .CheckAsync(users, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword, "198.51.100.7");
        Assert.Equal(PasswordCheckOutcome.Succeeded, check.Outcome);
        var admin = await users.FindByEmailAsync(BeaconAppFactory.AdminEmail);
        Assert.False(await users.IsLockedOutAsync(admin!));
    }

    [Fact]
    public async Task AnUnknownEmailAndAWrongPasswordGetTheSameAnswer()
    {
        using var client = _app.CreateAnonymousClient();
        var wrong = await TokenAsync(client, BeaconAppFactory.AdminEmail, "not-the-password");
        var unknown = await TokenAsync(client, "nobody-at-all@beacon.test", "not-the-password");

        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknown.StatusCode);
        var wrongBody = await wrong.Content.ReadFromJsonAsync<JsonElement>();
        var unknownBody = await unknown.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(wrongBody.GetProperty("detail").GetString(), unknownBody.GetProperty("detail").GetString());
        Assert.Equal(wrongBody.GetProperty("title").GetString(), unknownBody.GetProperty("title").GetString());

        // Once the pair is throttled, an unknown email is throttled exactly like a known one.
        for (var i = 0; i < 5; i++)
        {
            await TokenAsync(client, "nobody-at-all@beacon.test", "not-the-password");
        }
        Assert.Equal(HttpStatusCode.TooManyRequests, (await TokenAsync(client, "nobody-at-all@beacon.test", "not-the-password")).StatusCode);
    }

    [Fact]
    public async Task TokenAnswersAreNeverCached()
    {
        using var client = _app.CreateAnonymousClient();
        var created = await TokenAsync(client, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.True(created.Headers.CacheControl?.NoStore, "the token answer must say Cache-Control: no-store");
    }

    [Fact]
    public async Task SigningOutMakesACopyOfTheOldCookieWorthless()
    {
        using var browser = _app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        var login = await browser.GetAsync("/account/login");
        var antiforgeryCookie = Cookies(login).Single(c => c.StartsWith(".AspNetCore.Antiforgery", StringComparison.Ordinal));
        var loginToken = AntiforgeryField().Match(await login.Content.ReadAsStringAsync()).Groups[1].Value;
        var signedIn = await SendAsync(browser, HttpMethod.Post, "/account/login?ReturnUrl=%2F", antiforgeryCookie, new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(loginToken),
            ["_handler"] = "login",
            ["Input.Email"] = BeaconAppFactory.AdminEmail,
            ["Input.Password"] = BeaconAppFactory.AdminPassword,
        });
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        var authCookie = Cookies(signedIn).Single(c => c.StartsWith("beacon.auth=", StringComparison.Ordinal));
        var cookies = authCookie + "; " + antiforgeryCookie;
        Assert.Equal(HttpStatusCode.OK, (await SendAsync(browser, HttpMethod.Get, "/api/account", authCookie)).StatusCode);

        // Sign out through the layout's form, as the browser does.
        var page = await (await SendAsync(browser, HttpMethod.Get, "/jobs", cookies)).Content.ReadAsStringAsync();
        var pageToken = AntiforgeryField().Match(page);
        Assert.True(pageToken.Success, "the signed-in layout carries the sign-out form");
        var signedOut = await SendAsync(browser, HttpMethod.Post, "/account/logout", cookies, new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = WebUtility.HtmlDecode(pageToken.Groups[1].Value),
        });
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);

        // Someone who kept a copy of the cookie is signed in no more.
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(browser, HttpMethod.Get, "/api/account", authCookie)).StatusCode);
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, HttpMethod method, string path, string cookies, Dictionary<string, string>? form = null)
    {
        using var request = new HttpRequestMessage(method, path);
        request.Headers.Add("Cookie", cookies);
        if (form is not null)
        {
            request.Content = new FormUrlEncodedContent(form);
        }
        return await client.SendAsync(request);
    }

    private static List<string> Cookies(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values.Select(v => v.Split(';')[0]).ToList() : [];

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryField();
}
