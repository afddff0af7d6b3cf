using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Tests.Inference;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>POST /api/jobs/estimate and GET /api/jobs/{id}/cost on the whole app, one lane on an OpenAI-compatible server.</summary>
public sealed class CostApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private OpenAiCompatibleServer _server = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _server = await OpenAiCompatibleServer.StartAsync();
        // llama.cpp-style timings: the server says each call took 1.5 s.
        _server.Timings = (500, 1000);
        var settings = new Dictionary<string, string?>(BeaconAppFactory.FastEmulator)
        {
            ["Beacon:Emulator:ServerErrorRate"] = "0",
            ["Beacon:Emulator:RateLimitRate"] = "0",
            ["Beacon:Endpoints:OpenAi:apac-vllm:Region"] = "APAC",
            ["Beacon:Endpoints:OpenAi:apac-vllm:Model"] = "qwen2.5-1.5b",
            ["Beacon:Endpoints:OpenAi:apac-vllm:BaseUrl"] = _server.BaseUrl,
            ["Beacon:Endpoints:OpenAi:apac-vllm:RemoteModel"] = "Qwen/Qwen2.5-1.5B-Instruct",
            ["Beacon:Endpoints:OpenAi:apac-vllm:UsdPerHour"] = "36",
        };
        _app = new BeaconAppFactory(_db, settings);
        _http = await _app.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _server.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static object Job(params string[] regions) => new
    {
        questionIds = new[] { "math_basic", "geography_basic" },
        models = new[] { "qwen2.5-1.5b", "llama3.2-1b" },
        regions,
    };

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task TheEstimateCountsExecutionsAndPricesEachLaneByWhoServesItWithoutSavingAnything()
    {
        var response = await _http.PostAsJsonAsync("/api/jobs/estimate", Job("APAC", "EU"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var estimate = await JsonAsync(response);
        Assert.Equal(8, estimate.GetProperty("executionCount").GetInt32());
        Assert.Equal("USD", estimate.GetProperty("currency").GetString());
        Assert.Equal(6, estimate.GetProperty("emulatedExecutions").GetInt32());
        var lanes = estimate.GetProperty("lanes").EnumerateArray().ToList();
        Assert.Equal(4, lanes.Count);
        var server = Assert.Single(lanes, l => l.GetProperty("model").GetString() == "qwen2.5-1.5b" && l.GetProperty("region").GetString() == "APAC");
        Assert.Equal("openai:apac-vllm", server.GetProperty("served").GetString());
        // Two calls x 15 s at $36/h, no cold start for an always-on server.
        Assert.Equal(30, server.GetProperty("seconds").GetDouble());
        Assert.Equal(0.3m, server.GetProperty("usd").GetDecimal());
        var emulated = Assert.Single(lanes, l => l.GetProperty("model").GetString() == "llama3.2-1b" && l.GetProperty("region").GetString() == "APAC");
        Assert.Equal("emulator", emulated.GetProperty("served").GetString());
        // Priced as the region's pinned T4 would be ($0.59/h x 1.5): two calls x 15 s plus a 45 s cold start.
        Assert.Equal(0.885m, emulated.GetProperty("usdPerHour").GetDecimal());
        Assert.Equal(75, emulated.GetProperty("seconds").GetDouble());
        Assert.Equal(0.018438m, emulated.GetProperty("usd").GetDecimal());
        Assert.Equal(lanes.Sum(l => l.GetProperty("usd").GetDecimal()), estimate.GetProperty("estimatedUsd").GetDecimal());
        Assert.Equal(lanes.Sum(l => l.GetProperty("seconds").GetDouble()), estimate.GetProperty("estimatedSeconds").GetDouble());
        // But it takes the emulator's configured time: a mean latency of 10 ms plus 3 % hand-offs polled after 500 ms, and
        // a 100 ms cold start plus the warm-up call.
        Assert.Equal(0.025, emulated.GetProperty("runSecondsPerCall").GetDouble(), 3);
        Assert.Equal(0.11, emulated.GetProperty("runColdStartSeconds").GetDouble(), 3);
        Assert.Equal(15, server.GetProperty("runSecondsPerCall").GetDouble());
        // So the slowest endpoint is the real server: its 2 calls of 15 s, 4 at a time. The emulated lanes (EU's, and
        // APAC's beside the server) finish in a fraction of a second.
        Assert.Equal(7.5, estimate.GetProperty("estimatedDurationSeconds").GetDouble());

        var jobs = await JsonAsync(await _http.GetAsync("/api/jobs"));
        Assert.Equal(0, jobs.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AnInvalidJobGetsTheSameValidationProblemFromTheEstimateAsFromSubmitting()
    {
        var invalid = new { questionIds = new[] { "math_basic", "nope" }, models = Array.Empty<string>(), regions = new[] { "Atlantis" }, repeats = 99 };

        var estimate = await _http.PostAsJsonAsync("/api/jobs/estimate", invalid);
        var submit = await _http.PostAsJsonAsync("/api/jobs", invalid);

        Assert.Equal(HttpStatusCode.BadRequest, estimate.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, submit.StatusCode);
        var a = await JsonAsync(estimate);
        var b = await JsonAsync(submit);
        Assert.Equal(b.GetProperty("title").GetString(), a.GetProperty("title").GetString());
        Assert.Equal(b.GetProperty("errors").GetRawText(), a.GetProperty("errors").GetRawText());
        Assert.Equal(["models", "questionIds", "regions", "repeats"], a.GetProperty("errors").EnumerateObject().Select(p => p.Name).Order());
    }

    [Fact]
    public async Task AFinishedJobsCostIsWhatItsExecutionsRecordedPerRegionAndModel()
    {
        var created = await JsonAsync(await _http.PostAsJsonAsync("/api/jobs", Job("APAC", "US")));
        var id = created.GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await JsonAsync(await _http.GetAsync($"/api/jobs/{id}")),
            j => j.GetProperty("status").GetString() is "completed" or "failed" or "cancelled", TimeSpan.FromMinutes(2), "the job to finish");

        var response = await _http.GetAsync($"/api/jobs/{id}/cost");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var cost = await JsonAsync(response);
        var total = cost.GetProperty("total");
        Assert.Equal(8, total.GetProperty("executions").GetInt32());
        Assert.Equal(6, total.GetProperty("emulatedExecutions").GetInt32());
        // Two calls of 1.5 s at $36/h on the server; the emulator is free.
        Assert.Equal(0.03m, total.GetProperty("usd").GetDecimal());
        var byRegion = cost.GetProperty("byRegion").EnumerateArray().ToDictionary(l => l.GetProperty("region").GetString()!, l => l.GetProperty("usd").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["APAC"] = 0.03m, ["US"] = 0m }, byRegion);
        var byModel = cost.GetProperty("byModel").EnumerateArray().ToDictionary(l => l.GetProperty("model").GetString()!, l => l.GetProperty("usd").GetDecimal());
        Assert.Equal(new Dictionary<string, decimal> { ["llama3.2-1b"] = 0m, ["qwen2.5-1.5b"] = 0.03m }, byModel);

        var executions = await JsonAsync(await _http.GetAsync($"/api/jobs/{id}/executions?model=qwen2.5-1.5b&region=APAC"));
        Assert.All(executions.GetProperty("items").EnumerateArray(), e =>
        {
            Assert.Equal(1.5, e.GetProperty("billedSeconds").GetDouble());
            Assert.Equal(0.015m, e.GetProperty("costUsd").GetDecimal());
            Assert.False(e.GetProperty("emulated").GetBoolean());
        });
    }

    [Fact]
    public async Task TheCostOfAnUnknownJobIsNotFound()
    {
        var response = await _http.GetAsync($"/api/jobs/{Guid.NewGuid()}/cost");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
