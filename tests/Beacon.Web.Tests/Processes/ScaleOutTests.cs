using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Beacon.Web.Hubs;
using Microsoft.AspNetCore.SignalR.Client;

namespace Beacon.Web.Tests.Processes;

/// <summary>Separate OS processes on one PostgreSQL: a web-only process and a worker process.</summary>
public sealed class ScaleOutTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task AWorkerInAnotherProcessRunsTheJobAndTheWebProcessPushesItsResultsLive()
    {
        await using var web = await BeaconProcess.StartAsync(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
        });
        await using var worker = await BeaconProcess.StartAsync(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "30",
            ["Beacon:Emulator:ColdStartMs"] = "1500",
        });
        using var http = await web.CreateAdminClientAsync();
        var token = await web.CreateAdminTokenAsync();
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(web.Url, JobsHub.Path.TrimStart('/')), o => o.AccessTokenProvider = () => Task.FromResult<string?>(token)).Build();
        var pushed = new ConcurrentDictionary<long, string>();
        hub.On<Guid, List<ExecutionChange>>("ExecutionsChanged", (_, changes) =>
        {
            foreach (var c in changes)
            {
                pushed[c.Id] = c.Status;
            }
        });
        await hub.StartAsync();

        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "math_basic", "taiwan_status" }, models = new[] { "qwen2.5-1.5b", "mistral-7b" }, regions = new[] { "US", "APAC" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await hub.InvokeAsync("Subscribe", id);

        var done = await Eventually.WaitForAsync(async () => await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
            j => j.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(90), "the job to complete");
        Assert.Equal(8, done.GetProperty("counts").GetProperty("succeeded").GetInt32() + done.GetProperty("counts").GetProperty("failed").GetInt32());
        await Eventually.WaitForAsync(() => Task.FromResult(pushed.Count(p => p.Value is "succeeded" or "failed")), n => n == 8, TimeSpan.FromSeconds(10),
            "the web process to push all 8 results written by the worker process");
        var workers = await _db.ScalarAsync<string>("SELECT string_agg(DISTINCT worker, ',') FROM job_lanes WHERE job_id = @id", ("id", id));
        Assert.Equal($"{Environment.MachineName}/{worker.ProcessId}", workers);
    }
}
