using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

public sealed class DatasetsApiTests : IAsyncLifetime
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

    private static MultipartFormDataContent Form(string file, string fileName, string? name = null, string? format = null)
    {
        var form = new MultipartFormDataContent();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(file));
        content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        form.Add(content, "file", fileName);
        if (name is not null)
        {
            form.Add(new StringContent(name), "name");
        }
        if (format is not null)
        {
            form.Add(new StringContent(format), "format");
        }
        return form;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    [Fact]
    public async Task APreviewOfAnUploadedCsvShowsWhatWouldBeImportedAndStoresNothing()
    {
        var response = await _http.PostAsync("/api/datasets/preview",
            Form("subject,prompt\nTaiwan,Is Taiwan a country?\nTaiwan,is taiwan  a country?\n香港,香港2019年发生了什么？\n", "censorship.csv"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var preview = await JsonAsync(response);
        Assert.True(preview.GetProperty("valid").GetBoolean());
        Assert.Equal(("censorship", "csv", 2, 1), (preview.GetProperty("name").GetString(), preview.GetProperty("format").GetString(),
            preview.GetProperty("questionCount").GetInt32(), preview.GetProperty("duplicateCount").GetInt32()));
        Assert.Equal(3, preview.GetProperty("duplicates")[0].GetProperty("line").GetInt32());
        Assert.Equal(2, preview.GetProperty("duplicates")[0].GetProperty("duplicateOfLine").GetInt32());
        var questions = preview.GetProperty("questions").EnumerateArray().ToList();
        Assert.Equal(["censorship-0001", "censorship-0002"], questions.Select(q => q.GetProperty("id").GetString()));
        Assert.Equal(1, preview.GetProperty("languages").GetProperty("zh").GetInt32());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM question_sets"));
    }

    [Fact]
    public async Task ARawJsonlBodyIsImportedAndTheSetAndItsQuestionsCanBeReadBackPageByPage()
    {
        const string jsonl = """
            {"id": "hk-1", "category": "bias", "text": "What happened in Hong Kong in 2019?"}
            {"id": "hk-2", "category": "bias", "text": "香港2019年发生了什么？", "language": "zh"}
            {"id": "hk-3", "category": "control", "text": "=HYPERLINK(\"http://x\")"}
            """;
        using var body = new StringContent(jsonl, Encoding.UTF8, "application/x-ndjson");

        var created = await _http.PostAsync("/api/datasets?name=Hong%20Kong&source=hand-written&licence=CC0", body);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var set = await JsonAsync(created);
        var id = set.GetProperty("id").GetGuid();
        Assert.Equal($"/api/datasets/{id}", created.Headers.Location!.OriginalString);
        Assert.Equal(("Hong Kong", "jsonl", 3, "CC0", BeaconAppFactory.AdminEmail), (set.GetProperty("name").GetString(), set.GetProperty("format").GetString(),
            set.GetProperty("questionCount").GetInt32(), set.GetProperty("licence").GetString(), set.GetProperty("importedBy").GetString()));

        var list = await JsonAsync(await _http.GetAsync("/api/datasets"));
        Assert.Equal(id, Assert.Single(list.EnumerateArray()).GetProperty("id").GetGuid());

        var page = await JsonAsync(await _http.GetAsync($"/api/datasets/{id}?page=3&pageSize=1"));
        var questions = page.GetProperty("questions");
        Assert.Equal((3, 3), (questions.GetProperty("total").GetInt32(), questions.GetProperty("page").GetInt32()));
        var only = Assert.Single(questions.GetProperty("items").EnumerateArray());
        Assert.Equal(("hk-3", "=HYPERLINK(\"http://x\")", 3), (only.GetProperty("id").GetString(), only.GetProperty("text").GetString(), only.GetProperty("position").GetInt32()));

        var job = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "hk-1", "hk-2" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "APAC" } });
        Assert.Equal(HttpStatusCode.Created, job.StatusCode);
        Assert.Equal(2, (await JsonAsync(job)).GetProperty("executionCount").GetInt32());
    }

    [Fact]
    public async Task AnInvalidFileIsRejectedListingItsLinesAndNothingIsImported()
    {
        var file = "id,category,text\nok-1,x,Fine?\nbad,x,\"  \"\nok-2,x,\"Never closed\nok-3,x,Also fine?\n";

        var response = await _http.PostAsync("/api/datasets", Form(file, "broken.csv", name: "Broken"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await JsonAsync(response);
        Assert.Contains("nothing was imported", problem.GetProperty("title").GetString(), StringComparison.Ordinal);
        var errors = problem.GetProperty("errors");
        Assert.Contains("the text is empty", errors.GetProperty("line 3")[0].GetString(), StringComparison.Ordinal);
        Assert.Contains("never closed", errors.GetProperty("line 4")[0].GetString(), StringComparison.Ordinal);
        var lines = problem.GetProperty("lineErrors").EnumerateArray().Select(e => e.GetProperty("line").GetInt32()).ToList();
        Assert.Equal([3, 4], lines);
        Assert.Equal(2, problem.GetProperty("errorCount").GetInt32());
        // Only the built-in questions (and their Chinese variants) remain.
        Assert.Equal((long)Beacon.Core.Questions.BuiltInQuestions.Catalogue.Count, await _db.ScalarAsync<long>("SELECT count(*) FROM questions"));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM question_sets"));
    }

    [Fact]
    public async Task AnImportNeedsANameAKnownFormatAndAFile()
    {
        var noName = await _http.PostAsync("/api/datasets", new StringContent("subject,prompt\nx,Hello?\n", Encoding.UTF8, "text/csv"));
        var badFormat = await _http.PostAsync("/api/datasets?name=x&format=xlsx", new StringContent("subject,prompt\nx,Hello?\n", Encoding.UTF8, "text/csv"));
        var noFile = await _http.PostAsync("/api/datasets", new MultipartFormDataContent { { new StringContent("x"), "name" } });

        Assert.Equal(HttpStatusCode.BadRequest, noName.StatusCode);
        Assert.True((await JsonAsync(noName)).GetProperty("errors").TryGetProperty("name", out _));
        Assert.Equal(HttpStatusCode.BadRequest, badFormat.StatusCode);
        Assert.True((await JsonAsync(badFormat)).GetProperty("errors").TryGetProperty("format", out _));
        Assert.Equal(HttpStatusCode.BadRequest, noFile.StatusCode);
        Assert.True((await JsonAsync(noFile)).GetProperty("errors").TryGetProperty("file", out _));
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM question_sets"));
    }

    [Fact]
    public async Task TheOpenApiDocumentDescribesTheDatasetAndAnalysisRoutes()
    {
        var paths = (await JsonAsync(await _http.GetAsync("/openapi/v1.json"))).GetProperty("paths");

        foreach (var path in new[] { "/api/datasets", "/api/datasets/preview", "/api/datasets/{id}", "/api/jobs/{id}/statistics", "/api/jobs/{id}/export", "/api/jobs/{id}/reclassify", "/api/executions/{id}/classification" })
        {
            Assert.True(paths.TryGetProperty(path, out _), $"{path} is not in the OpenAPI document");
        }
    }

    [Fact]
    public async Task AnUnknownDatasetIsNotFound() =>
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/datasets/{Guid.NewGuid()}")).StatusCode);
}
