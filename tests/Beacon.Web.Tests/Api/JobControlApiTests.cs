using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>Cancel and retry-failed through the API, with the emulator slowed down or failing on purpose.</summary>
public sealed class JobControlApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task CancellingARunningJobStopsItAndEveryUnfinishedExecution()
    {
        await using var app = new BeaconAppFactory(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "2000",
            ["Beacon:Emulator:MaxLatencyMs"] = "3000",
            ["Beacon:Emulator:ColdStartMs"] = "0",
        });
        using var http = await app.CreateAdminClientAsync();
        var job = await JsonAsync(await http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic", "taiwan_status" }, models = new[] { "mistral-7b" }, regions = new[] { "EU", "US" }, repeats = 5 }));
        var id = job.GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await JsonAsync(await http.GetAsync($"/api/jobs/{id}")),
            j => j.GetProperty("status").GetString() == "running", TimeSpan.FromSeconds(60), "the job to start running");

        var cancel = await http.PostAsync($"/api/jobs/{id}/cancel", null);

        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        var after = await JsonAsync(await http.GetAsync($"/api/jobs/{id}"));
        Assert.Equal("cancelled", after.GetProperty("status").GetString());
        Assert.Equal(0, after.GetProperty("counts").GetProperty("pending").GetInt32() + after.GetProperty("counts").GetProperty("running").GetInt32());
        Assert.True(after.GetProperty("counts").GetProperty("cancelled").GetInt32() > 0);
        Assert.Equal(HttpStatusCode.Conflict, (await http.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        // Late answers from calls that were in flight never overwrite the cancellation.
        await Task.Delay(3500);
        var later = await JsonAsync(await http.GetAsync($"/api/jobs/{id}"));
        Assert.Equal(after.GetProperty("counts").GetProperty("cancelled").GetInt32(), later.GetProperty("counts").GetProperty("cancelled").GetInt32());
    }

    [Fact]
    public async Task RetryFailedRunsOnlyTheFailedExecutionsAgain()
    {
        // Every call fails at first: the emulator answers 503 and the pipeline gives up after its retries.
        await using (var failing = new BeaconAppFactory(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "0",
            ["Beacon:Emulator:ColdStartMs"] = "0",
            ["Beacon:Emulator:ServerErrorRate"] = "1",
            ["Beacon:Inference:MaxRetryAttempts"] = "1",
            ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.010",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "1000",
        }))
        {
            using var http = await failing.CreateAdminClientAsync();
            var job = await JsonAsync(await http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic", "geography_basic" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "APAC" } }));
            var id = job.GetProperty("id").GetGuid();
            var failed = await Eventually.WaitForAsync(async () => await JsonAsync(await http.GetAsync($"/api/jobs/{id}")),
                j => j.GetProperty("status").GetString() == "failed", TimeSpan.FromSeconds(60), "the job to fail");
            Assert.Equal(2, failed.GetProperty("counts").GetProperty("failed").GetInt32());
        }

        // The endpoint recovers; retrying re-runs the two failed cells with the same prompts.
        await using var healthy = new BeaconAppFactory(_db);
        using var client = await healthy.CreateAdminClientAsync();
        var jobId = (await JsonAsync(await client.GetAsync("/api/jobs"))).GetProperty("items")[0].GetProperty("id").GetGuid();
        var retry = await client.PostAsync($"/api/jobs/{jobId}/retry-failed", null);
        Assert.Equal(HttpStatusCode.OK, retry.StatusCode);
        Assert.Equal(2, (await JsonAsync(retry)).GetProperty("executions").GetInt32());

        var done = await Eventually.WaitForAsync(async () => await JsonAsync(await client.GetAsync($"/api/jobs/{jobId}")),
            j => j.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(60), "the retried job to complete");
        Assert.Equal(2, done.GetProperty("counts").GetProperty("succeeded").GetInt32());
        var executions = (await JsonAsync(await client.GetAsync($"/api/jobs/{jobId}/executions"))).GetProperty("items").EnumerateArray().ToList();
        Assert.All(executions, e =>
        {
            Assert.Equal(2, e.GetProperty("attemptCount").GetInt32());
            var attempts = e.GetProperty("attempts").EnumerateArray().ToList();
            Assert.Equal(["failed", "succeeded"], attempts.Select(a => a.GetProperty("outcome").GetString()));
        });
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostAsync($"/api/jobs/{jobId}/retry-failed", null)).StatusCode);
    }
}
