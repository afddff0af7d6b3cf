using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Beacon.Web.Hubs;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace Beacon.Web.Tests.Live;

/// <summary>A script's view: subscribe to a job on /hubs/jobs and receive its executions as they are committed.</summary>
public sealed class JobsHubTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        // A cold start of 2 s keeps the first result back until the test has subscribed.
        _app = new BeaconAppFactory(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "20",
            ["Beacon:Emulator:ColdStartMs"] = "2000",
        });
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task ASubscribedClientReceivesEveryExecutionAndTheJobsCompletion()
    {
        using var http = await _app.CreateAdminClientAsync();
        var server = _app.Server;
        var token = await _app.CreateAdminTokenAsync();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(server.BaseAddress, JobsHub.Path.TrimStart('/')), o =>
            {
                o.AccessTokenProvider = () => Task.FromResult<string?>(token);
                o.HttpMessageHandlerFactory = _ => server.CreateHandler();
                o.Transports = HttpTransportType.LongPolling;
            })
            .Build();
        var executions = new ConcurrentDictionary<long, string>();
        var statuses = new ConcurrentQueue<string?>();
        hub.On<Guid, List<ExecutionChange>>("ExecutionsChanged", (_, changes) =>
        {
            foreach (var c in changes)
            {
                executions[c.Id] = c.Status;
            }
        });
        hub.On<JobChange>("JobChanged", change => statuses.Enqueue(change.Status));
        await hub.StartAsync();

        var created = await http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic", "identity_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US", "EU", "APAC" }, repeats = 2 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await hub.InvokeAsync("Subscribe", id);

        await Eventually.WaitForAsync(() => Task.FromResult(statuses.ToList()), s => s.Contains("completed"), TimeSpan.FromSeconds(60), "JobChanged(completed)");
        var final = await Eventually.WaitForAsync(() => Task.FromResult(executions.ToDictionary()), d => d.Count == 12 && d.Values.All(v => v is "succeeded" or "failed"),
            TimeSpan.FromSeconds(10), "all 12 executions pushed as finished");
        Assert.Equal(12, final.Count);
    }
}
