using System.Net.Http.Headers;
using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;
using Beacon.Tests.Shared;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests;

/// <summary>
/// The whole app (web, Hangfire worker, emulator) on a fresh PostgreSQL database, with a configured first administrator.
/// Tests act as a signed-in user through a personal access token created by the app's own service:
/// <see cref="CreateAdminClientAsync"/>, <see cref="CreateResearcherClientAsync"/>; <see cref="CreateAnonymousClient"/> for none.
/// </summary>
public sealed class BeaconAppFactory(
    TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null) : WebApplicationFactory<Program>
{
    public const string AdminEmail = BeaconProcess.AdminEmail;
    public const string AdminPassword = BeaconProcess.AdminPassword;
    public const string UserPassword = "test-user-password";

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
        builder.UseSetting("Beacon:Admin:Email", AdminEmail);
        builder.UseSetting("Beacon:Admin:Password", AdminPassword);
        // Tests submit far more than a person would; RateLimitTests sets low limits of its own.
        builder.UseSetting("Beacon:RateLimits:SubmissionPermitLimit", "100000");
        builder.UseSetting("Beacon:RateLimits:SignInPermitLimit", "100000");
        foreach (var (key, value) in settings ?? FastEmulator)
        {
            builder.UseSetting(key, value);
        }
        if (services is not null)
        {
            builder.ConfigureServices(services);
        }
    }

    /// <summary>A client with no credentials that does not follow redirects (to see 302s to the sign-in page).</summary>
    public HttpClient CreateAnonymousClient() => CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });

    public async Task<HttpClient> CreateAdminClientAsync() => await ClientForAsync(await AdminIdAsync());

    public async Task<string> CreateAdminTokenAsync() => await CreateTokenAsync(await AdminIdAsync());

    public async Task<string> AdminIdAsync() =>
        await Services.GetRequiredService<AccountService>().FindIdByEmailAsync(AdminEmail, CancellationToken.None)
            ?? throw new InvalidOperationException("The configured administrator was not created.");

    /// <summary>A new researcher account (email <c>{name}@beacon.test</c>) and a client acting as them.</summary>
    public async Task<HttpClient> CreateResearcherClientAsync(string name) => (await CreateUserAsync(name, BeaconRoles.Researcher)).Client;

    public async Task<(string UserId, string Email, HttpClient Client)> CreateUserAsync(string name, string role)
    {
        var email = $"{name}@beacon.test";
        var result = await Services.GetRequiredService<AccountService>().CreateAsync(email, UserPassword, role, CancellationToken.None);
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(string.Join(" ", result.Errors));
        }
        return (result.UserId!, email, await ClientForAsync(result.UserId!));
    }

    public async Task<string> CreateTokenAsync(string userId) =>
        (await Services.GetRequiredService<AccessTokenService>().CreateAsync(userId, "tests", CancellationToken.None)).Token;

    private async Task<HttpClient> ClientForAsync(string userId)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", await CreateTokenAsync(userId));
        return client;
    }
}
