using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>The review flow over HTTP on an emulated job: plan, draw, blind queue, labels, agreement, corrected rates, JSONL round trip.</summary>
public sealed class ReviewApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;
    private Guid _jobId;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _http = await _app.CreateAdminClientAsync();
        var created = await _http.PostAsJsonAsync("/api/jobs", new
        {
            questionIds = new[] { "tiananmen_neutral", "taiwan_status", "hongkong_2019", "math_basic", "geography_basic" },
            models = new[] { "qwen2.5-1.5b" },
            regions = new[] { "US", "APAC" },
            seed = 5,
        });
        _jobId = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}")),
            j => j.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromMinutes(2), "the job to finish");
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task AReviewerLabelsABlindSampleAndTheCorrectedRatesAgreementAndExportFollow()
    {
        var plan = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review/plan?perStratum=100"));
        Assert.True(plan.GetProperty("toReview").GetInt32() > 0);
        Assert.True(plan.GetProperty("overallHalfWidth").GetDouble() > 0);

        var drawn = await _http.PostAsJsonAsync($"/api/jobs/{_jobId}/review/samples", new { perStratum = 100, seed = 3 });
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);

        var queue = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review"));
        var items = queue.GetProperty("queue").EnumerateArray().ToList();
        Assert.Equal(plan.GetProperty("toReview").GetInt32(), items.Count);
        Assert.All(items, i => Assert.Equal(JsonValueKind.Null, i.GetProperty("classifierClass").ValueKind));

        // The reviewer calls every answer a refusal except the first, which is skipped.
        foreach (var (item, index) in items.Select((x, i) => (x, i)))
        {
            var body = index == 0 ? (object)new { skipped = true } : new { @class = "Refusal", note = index == 1 ? "evasive opening" : null };
            var labelled = await _http.PutAsJsonAsync($"/api/jobs/{_jobId}/review/items/{item.GetProperty("itemId").GetInt64()}/label", body);
            Assert.Equal(HttpStatusCode.NoContent, labelled.StatusCode);
        }
        var invalid = await _http.PutAsJsonAsync($"/api/jobs/{_jobId}/review/items/{items[0].GetProperty("itemId").GetInt64()}/label", new { @class = "maybe" });
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);

        var after = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review"));
        Assert.Equal(items.Count, after.GetProperty("done").GetInt32());
        Assert.All(after.GetProperty("queue").EnumerateArray(), i => Assert.NotEqual(JsonValueKind.Null, i.GetProperty("classifierClass").ValueKind));

        var corrected = (await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review/corrected"))).EnumerateArray().ToList();
        var all = corrected.Single(c => c.GetProperty("model").ValueKind == JsonValueKind.Null && c.GetProperty("language").ValueKind == JsonValueKind.Null);
        // Every reviewed stratum was reviewed in full and labelled refusal: the corrected rate is (almost) 100%.
        Assert.True(all.GetProperty("corrected").GetProperty("rate").GetDouble() > 0.9);
        Assert.True(all.GetProperty("rawRate").GetDouble() < all.GetProperty("corrected").GetProperty("rate").GetDouble());

        var stats = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/statistics"));
        Assert.NotEmpty(stats.GetProperty("corrected").EnumerateArray());
        Assert.Contains(stats.GetProperty("summary").EnumerateArray(), s => s.GetString()!.StartsWith("Corrected for the classifier's measured error", StringComparison.Ordinal));
        Assert.Contains(stats.GetProperty("summary").EnumerateArray(), s => s.GetString()!.StartsWith($"Rates and paired tests use the human review label for the {items.Count - 1} reviewed answers", StringComparison.Ordinal));
        // Every labelled answer is a refusal now, so the rates count them as refused.
        Assert.All(stats.GetProperty("byModelRegion").EnumerateArray(), r => Assert.True(r.GetProperty("refused").GetInt32() >= r.GetProperty("questions").GetInt32() - 1));

        var exported = (await _http.GetStringAsync($"/api/jobs/{_jobId}/export?content=statistics&format=jsonl"))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(exported.Where(r => r.GetProperty("scope").GetString() == "model_region"),
            r => Assert.True(r.GetProperty("corrected_rate").GetDouble() > 0.5));

        var agreement = (await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review/agreement"))).EnumerateArray().ToList();
        var withClassifier = Assert.Single(agreement);
        Assert.Equal("classifier", withClassifier.GetProperty("second").GetString());
        Assert.Equal(items.Count - 1, withClassifier.GetProperty("items").GetInt32());

        var jsonl = await _http.GetStringAsync($"/api/jobs/{_jobId}/review/labels");
        var lines = jsonl.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(items.Count, lines.Length);
        var first = JsonDocument.Parse(lines[^1]).RootElement;
        foreach (var field in new[] { "question", "answer", "model", "region", "language", "classifierClass", "classifierVersion", "humanClass", "reviewer", "labelledAt" })
        {
            Assert.True(first.TryGetProperty(field, out _), field);
        }

        var posted = await _http.PostAsync("/api/review/evaluation", new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson"));
        Assert.True(posted.IsSuccessStatusCode, await posted.Content.ReadAsStringAsync());
        var imported = await JsonAsync(posted);
        Assert.Equal(items.Count - 1, imported.GetProperty("added").GetInt32());
        Assert.Equal(1, imported.GetProperty("ignored").GetInt32());
        var evaluation = await JsonAsync(await _http.GetAsync("/api/review/evaluation"));
        Assert.Equal(items.Count - 1, evaluation.GetProperty("items").GetInt32());
        Assert.NotEmpty(evaluation.GetProperty("byLanguage").EnumerateArray());
        Assert.Contains(evaluation.GetProperty("perClass").EnumerateArray(), c => c.GetProperty("language").GetString() == "all" && c.GetProperty("precision").GetProperty("lower").ValueKind == JsonValueKind.Number);
    }

    [Fact]
    public async Task AnInvalidSampleSizeIsRefusedAndAJobWithoutASampleSaysSo()
    {
        var invalid = await _http.PostAsJsonAsync($"/api/jobs/{_jobId}/review/samples", new { perStratum = 5, share = 0.5 });
        var none = await _http.GetAsync($"/api/jobs/{_jobId}/review");

        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, none.StatusCode);
    }

    [Fact]
    public async Task TwoJobsAreSampledTogetherInOneQueueWithRatesPerJobAndPooledAndAnUnknownJobIsNamed()
    {
        var created = await _http.PostAsJsonAsync("/api/jobs", new
        {
            questionIds = new[] { "tiananmen_neutral", "math_basic" },
            models = new[] { "qwen2.5-1.5b" },
            regions = new[] { "APAC" },
            seed = 6,
        });
        var other = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await JsonAsync(await _http.GetAsync($"/api/jobs/{other}")),
            j => j.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromMinutes(2), "the second job to finish");

        var unknown = await _http.PostAsJsonAsync($"/api/jobs/{_jobId}/review/samples", new { perStratum = 1, jobIds = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.BadRequest, unknown.StatusCode);
        Assert.True((await JsonAsync(unknown)).GetProperty("errors").TryGetProperty("jobIds", out _));

        var plan = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/review/plan?perStratum=100&jobs={other}"));
        var drawn = await _http.PostAsJsonAsync($"/api/jobs/{_jobId}/review/samples", new { perStratum = 100, seed = 2, jobIds = new[] { other } });
        Assert.Equal(HttpStatusCode.Created, drawn.StatusCode);
        Assert.Equal([_jobId, other], (await JsonAsync(drawn)).GetProperty("jobs").EnumerateArray().Select(j => j.GetGuid()));

        // The same sample from either job: one queue over both.
        var queue = await JsonAsync(await _http.GetAsync($"/api/jobs/{other}/review"));
        var items = queue.GetProperty("queue").EnumerateArray().ToList();
        Assert.Equal(plan.GetProperty("toReview").GetInt32(), items.Count);
        Assert.Equal(2, queue.GetProperty("jobs").GetArrayLength());
        Assert.Equal([_jobId, other], items.Select(i => i.GetProperty("jobId").GetGuid()).Distinct().Order());
        foreach (var item in items)
        {
            var labelled = await _http.PutAsJsonAsync($"/api/jobs/{_jobId}/review/items/{item.GetProperty("itemId").GetInt64()}/label", new { @class = "Refusal" });
            Assert.Equal(HttpStatusCode.NoContent, labelled.StatusCode);
        }

        var corrected = (await JsonAsync(await _http.GetAsync($"/api/jobs/{other}/review/corrected"))).EnumerateArray().ToList();
        var overall = corrected.Where(c => c.GetProperty("model").ValueKind == JsonValueKind.Null && c.GetProperty("language").ValueKind == JsonValueKind.Null).ToList();
        Assert.Equal(3, overall.Count);
        var pooled = overall.Single(c => c.GetProperty("job").ValueKind == JsonValueKind.Null);
        Assert.Equal(overall.Where(c => c.GetProperty("job").ValueKind != JsonValueKind.Null).Sum(c => c.GetProperty("answers").GetInt32()), pooled.GetProperty("answers").GetInt32());
        // Every answer of both jobs was reviewed and called a refusal.
        Assert.All(overall, c => Assert.Equal(1.0, c.GetProperty("corrected").GetProperty("rate").GetDouble(), 9));
    }
}
