using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Accounts;
using Beacon.Tests.Shared;
using Beacon.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Beacon.Web.Tests.Live;

/// <summary>
/// Access to a job's live events is checked again after subscribing: a withdrawn share ends the subscription, a disabled
/// user's connection is closed, and a cookie connection from another site's page is refused.
/// </summary>
public sealed class HubAccessTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db, new Dictionary<string, string?>(BeaconAppFactory.FastEmulator)
        {
            // A slow job keeps sending rows for the whole test.
            ["Beacon:Emulator:MinLatencyMs"] = "150",
            ["Beacon:Emulator:MaxLatencyMs"] = "300",
            ["Beacon:Hub:AccessRecheckInterval"] = "00:00:01",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private HubConnection Hub(string token) => new HubConnectionBuilder()
        .WithUrl(new Uri(_app.Server.BaseAddress, JobsHub.Path.TrimStart('/')), o =>
        {
            o.AccessTokenProvider = () => Task.FromResult<string?>(token);
            o.HttpMessageHandlerFactory = _ => _app.Server.CreateHandler();
            o.Transports = HttpTransportType.LongPolling;
        })
        .Build();

    private async Task<Guid> SubmitLongJobAsync(HttpClient owner)
    {
        var created = await owner.PostAsJsonAsync("/api/jobs", new
        {
            questionIds = new[] { "math_basic", "geography_basic", "identity_basic", "taiwan_status" },
            models = new[] { "llama3.2-1b", "mistral-7b" },
            regions = new[] { "US", "EU", "APAC" },
            repeats = 10,
        });
        return (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    [Fact]
    public async Task AWithdrawnShareEndsTheSubscriptionAndNoFurtherRowsArrive()
    {
        var (_, _, owner) = await _app.CreateUserAsync("owner", BeaconRoles.Researcher);
        var (sharee, shareeEmail, _) = await _app.CreateUserAsync("sharee", BeaconRoles.Researcher);
        var job = await SubmitLongJobAsync(owner);
        Assert.Equal(HttpStatusCode.OK, (await owner.PostAsJsonAsync($"/api/jobs/{job}/shares", new { email = shareeEmail })).StatusCode);

        await using var hub = Hub(await _app.CreateTokenAsync(sharee));
        var rows = 0;
        var ended = new TaskCompletionSource<Guid>(TaskCreationOptions.RunContinuationsAsynchronously);
        var afterEnd = 0;
        hub.On<Guid, JsonElement>("ExecutionsChanged", (_, changes) =>
        {
            Interlocked.Add(ref rows, changes.GetArrayLength());
            if (ended.Task.IsCompleted)
            {
                Interlocked.Add(ref afterEnd, changes.GetArrayLength());
            }
        });
        hub.On<Guid, string>("SubscriptionEnded", (id, _) => ended.TrySetResult(id));
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", job);
        await Eventually.WaitForAsync(() => Task.FromResult(Volatile.Read(ref rows)), n => n > 0, TimeSpan.FromSeconds(60), "rows while shared");

        Assert.Equal(HttpStatusCode.NoContent, (await owner.DeleteAsync($"/api/jobs/{job}/shares/{sharee}")).StatusCode);

        Assert.Equal(job, await ended.Task.WaitAsync(TimeSpan.FromSeconds(20)));
        // The job is still running for its owner; the former sharee hears nothing more of it.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(0, Volatile.Read(ref afterEnd));
        Assert.NotEqual("completed", (await owner.GetFromJsonAsync<JsonElement>($"/api/jobs/{job}")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task ADisabledUsersConnectionIsClosed()
    {
        var (userId, _, researcher) = await _app.CreateUserAsync("leaving", BeaconRoles.Researcher);
        var job = await SubmitLongJobAsync(researcher);
        await using var hub = Hub(await _app.CreateTokenAsync(userId));
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        hub.Closed += _ =>
        {
            closed.TrySetResult();
            return Task.CompletedTask;
        };
        await hub.StartAsync();
        await hub.InvokeAsync("Subscribe", job);

        using var admin = await _app.CreateAdminClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync($"/api/users/{userId}/disable", null)).StatusCode);

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HubConnectionState.Disconnected, hub.State);
    }

    [Fact]
    public async Task ACookieConnectionFromAnotherSitesPageIsRefused()
    {
        using var browser = await Security.SignedInBrowserlessClient.CreateAsync(_app, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);
        using var foreign = new HttpRequestMessage(HttpMethod.Post, $"{JobsHub.Path}/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        using var own = new HttpRequestMessage(HttpMethod.Post, $"{JobsHub.Path}/negotiate?negotiateVersion=1");
        own.Headers.Add("Origin", _app.Server.BaseAddress.GetLeftPart(UriPartial.Authority));

        Assert.Equal(HttpStatusCode.Forbidden, (await browser.SendAsync(foreign)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.SendAsync(own)).StatusCode);
    }
}
