using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>
/// A job that asks for the LLM judge, through the whole app and its Hangfire worker, with a judge configured at an
/// address where nothing listens: the judging runs after the job and records each failure, never touching the class.
/// </summary>
public sealed class JudgeApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db, new Dictionary<string, string?>(BeaconAppFactory.FastEmulator)
        {
            ["Beacon:Judge:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Beacon:Judge:Model"] = "judge-model",
            ["Beacon:Judge:MaxRetryAttempts"] = "1",
        });
        _http = await _app.CreateResearcherClientAsync("researcher");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task AJudgedJobRecordsTheJudgesFailureBesideTheClassAndShowsTheAgreement()
    {
        var created = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "US" }, judge = true });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(job.GetProperty("judge").GetBoolean());
        var id = job.GetProperty("id").GetGuid();

        var agreement = await Eventually.WaitForAsync(async () => await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/judge-agreement"),
            a => a.GetProperty("judgeFailures").GetInt32() == 1, TimeSpan.FromMinutes(2), "the judge to have been tried");
        Assert.True(agreement.GetProperty("judgeConfigured").GetBoolean());
        var execution = (await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/executions")).GetProperty("items")[0];
        var executionId = execution.GetProperty("id").GetInt64();
        Assert.Equal("Substantive", execution.GetProperty("classification").GetString());
        var history = (await _http.GetFromJsonAsync<JsonElement>($"/api/executions/{executionId}/classifications")).EnumerateArray().ToList();
        var judged = history.Single(h => h.GetProperty("source").GetString() == "judge");
        Assert.Equal(JsonValueKind.Null, judged.GetProperty("class").ValueKind);
        Assert.Equal("judge-model", judged.GetProperty("judgeModel").GetString());
        Assert.Equal("rubric-v1", judged.GetProperty("version").GetString());
        Assert.False(string.IsNullOrEmpty(judged.GetProperty("error").GetString()));

        // As if the judge had then answered (a second run): the card compares it with the classifier.
        await _db.ExecuteAsync(
            """
            INSERT INTO execution_classifications (execution_id, job_id, source, class, version, judge_model, raw_verdict, evidence, classified_at)
            VALUES (@e, @j, 'Judge', 'Refusal', 'rubric-v1', 'judge-model', '{"class": "refusal", "reason": "r"}', 'r', now())
            """, ("e", executionId), ("j", id));
        agreement = await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{id}/judge-agreement");
        Assert.Equal((1, 0), (agreement.GetProperty("judged").GetInt32(), agreement.GetProperty("judgeFailures").GetInt32()));
        Assert.Equal(1, agreement.GetProperty("agreement").GetProperty("counts")[0][2].GetInt32());

        using var browser = await Security.SignedInBrowserlessClient.CreateAsync(_app, "researcher@beacon.test", BeaconAppFactory.UserPassword);
        var statistics = await browser.GetStringAsync($"/jobs/{id}/statistics");
        Assert.Contains("data-testid=\"judge-agreement\"", statistics, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"judge-confusion\"", statistics, StringComparison.Ordinal);
        Assert.Contains("judge-model (rubric-v1)", statistics, StringComparison.Ordinal);
    }
}
