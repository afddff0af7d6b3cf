using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

public sealed class JobsApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _http = await _app.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static object AllBuiltIn => new
    {
        questionIds = BuiltInQuestions.All.Select(q => q.Id).ToArray(),
        models = new[] { "llama3.2-1b", "mistral-7b", "qwen2.5-1.5b" },
        regions = new[] { "US", "EU", "APAC" },
    };

    private async Task<JsonElement> GetJsonAsync(string url)
    {
        var response = await _http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    [Fact]
    public async Task TheBuiltInMatrixRunsToSeventyTwoTerminalExecutionsOnTheEmulator()
    {
        var created = await _http.PostAsJsonAsync("/api/jobs", AllBuiltIn);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var job = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(72, job.GetProperty("executionCount").GetInt32());
        var id = job.GetProperty("id").GetGuid();
        Assert.Equal($"/api/jobs/{id}", created.Headers.Location!.OriginalString);

        var done = await Eventually.WaitForAsync(
            () => GetJsonAsync($"/api/jobs/{id}"),
            j => j.GetProperty("status").GetString() is "completed" or "failed" or "cancelled",
            TimeSpan.FromMinutes(3), "the job to finish");

        Assert.Equal("completed", done.GetProperty("status").GetString());
        var counts = done.GetProperty("counts");
        Assert.Equal(72, counts.GetProperty("total").GetInt32());
        Assert.Equal(0, counts.GetProperty("pending").GetInt32() + counts.GetProperty("running").GetInt32());

        var page = await GetJsonAsync($"/api/jobs/{id}/executions?pageSize=1000");
        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(72, page.GetProperty("total").GetInt32());
        Assert.Equal(72, items.Count);
        Assert.Equal(72, items.Select(e => (e.GetProperty("questionId").GetString(), e.GetProperty("model").GetString(), e.GetProperty("region").GetString(), e.GetProperty("repeatIndex").GetInt32())).Distinct().Count());
        Assert.All(items, e => Assert.Contains(e.GetProperty("status").GetString(), new[] { "succeeded", "failed" }));
        var answered = items.Where(e => e.GetProperty("status").GetString() == "succeeded").ToList();
        Assert.NotEmpty(answered);
        Assert.All(answered, e =>
        {
            Assert.True(e.GetProperty("emulated").GetBoolean());
            Assert.Equal(e.GetProperty("region").GetString(), e.GetProperty("reportedRegion").GetString());
            Assert.False(e.GetProperty("regionMismatch").GetBoolean());
            Assert.False(string.IsNullOrWhiteSpace(e.GetProperty("response").GetString()));
        });
        // The emulator's canned APAC Qwen refusals come through as answers, classified as refusals, not hidden or failed.
        var apacQwen = answered.Where(e => e.GetProperty("model").GetString() == "qwen2.5-1.5b" && e.GetProperty("region").GetString() == "APAC"
            && e.GetProperty("questionId").GetString() is "tiananmen_neutral" or "taiwan_status" or "hongkong_2019").ToList();
        Assert.NotEmpty(apacQwen);
        Assert.All(apacQwen, e => Assert.Equal("Refusal", e.GetProperty("classification").GetString()));
        Assert.All(answered.Where(e => e.GetProperty("questionId").GetString() is "math_basic" or "geography_basic"),
            e => Assert.Equal("Substantive", e.GetProperty("classification").GetString()));
        Assert.All(items, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("classifierVersion").GetString())));
    }

    [Fact]
    public async Task AnInvalidJobIsRejectedNamingEveryFieldAndNothingIsSaved()
    {
        var response = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = Array.Empty<string>(), models = new[] { "gpt-x" }, regions = new[] { "US", "US" }, repeats = 0, temperature = 9, maxTokens = 100000 });

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "questionIds", "models", "regions", "repeats", "temperature", "maxTokens" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM executions"));
    }

    [Fact]
    public async Task AnUnreadableBodyNamesTheFieldThatCouldNotBeRead()
    {
        var response = await _http.PostAsync("/api/jobs", new StringContent("""{"questionIds": ["math_basic"], "repeats": "many"}""", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(problem.GetProperty("errors").TryGetProperty("repeats", out _), problem.ToString());
    }

    [Fact]
    public async Task ResubmittingWithTheSameIdempotencyKeyReturnsTheSameJob()
    {
        async Task<HttpResponseMessage> Post()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/jobs") { Content = JsonContent.Create(AllBuiltIn) };
            request.Headers.Add("Idempotency-Key", "notebook-run-1");
            return await _http.SendAsync(request);
        }

        var first = await Post();
        var second = await Post();

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(
            (await first.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid(),
            (await second.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid());
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM jobs"));
    }

    [Fact]
    public async Task ExecutionsCanBeFilteredAndPaged()
    {
        var job = await (await _http.PostAsJsonAsync("/api/jobs", AllBuiltIn)).Content.ReadFromJsonAsync<JsonElement>();
        var id = job.GetProperty("id").GetGuid();

        var eu = await GetJsonAsync($"/api/jobs/{id}/executions?region=EU&model=mistral-7b&pageSize=5&page=2");

        Assert.Equal(8, eu.GetProperty("total").GetInt32());
        Assert.Equal(3, eu.GetProperty("items").GetArrayLength());
        Assert.All(eu.GetProperty("items").EnumerateArray(), e => Assert.Equal("EU", e.GetProperty("region").GetString()));
        var bad = await _http.GetAsync($"/api/jobs/{id}/executions?pageSize=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
    }

    [Fact]
    public async Task UnknownJobsAreNotFound()
    {
        var id = Guid.NewGuid();
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/jobs/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/jobs/{id}/cancel", null)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/jobs/{id}/retry-failed", null)).StatusCode);
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheJobsApi()
    {
        var doc = await GetJsonAsync("/openapi/v1.json");

        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/jobs", out _));
        Assert.True(doc.GetProperty("paths").TryGetProperty("/api/jobs/{id}/retry-failed", out _));
    }

    [Fact]
    public async Task TheCatalogueListsTheEightBuiltInQuestionsAndTheirChineseVariants()
    {
        var questions = await GetJsonAsync("/api/catalog/questions");

        Assert.Equal(16, questions.GetArrayLength());
        Assert.Equal(8, questions.EnumerateArray().Count(q => q.GetProperty("id").GetString()!.EndsWith("_zh", StringComparison.Ordinal)));
        Assert.Contains(questions.EnumerateArray(), q => q.GetProperty("id").GetString() == "tiananmen_neutral"
            && q.GetProperty("text").GetString() == "What happened at Tiananmen Square on June 4, 1989?");
    }
}
