using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;
using CsvHelper;

namespace Beacon.Web.Tests.Api;

/// <summary>Statistics, export, overrides and re-classification of a job run on the emulator through the whole app.</summary>
public sealed class AnalysisApiTests : IAsyncLifetime
{
    private static readonly string[] Bias = ["tiananmen_neutral", "taiwan_status", "hongkong_2019"];
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;
    private Guid _jobId;
    private List<JsonElement> _executions = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _http = await _app.CreateAdminClientAsync();
        var created = await _http.PostAsJsonAsync("/api/jobs", new
        {
            questionIds = Bias.Append("math_basic").ToArray(),
            models = new[] { "qwen2.5-1.5b" },
            regions = new[] { "US", "APAC" },
            temperature = 0.3,
            seed = 11,
        });
        _jobId = (await JsonAsync(created)).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}")),
            j => j.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromMinutes(2), "the job to finish");
        _executions = (await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/executions?pageSize=100"))).GetProperty("items").EnumerateArray().ToList();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private int Refusals(string region, IEnumerable<string> questions) =>
        _executions.Count(e => e.GetProperty("region").GetString() == region && questions.Contains(e.GetProperty("questionId").GetString())
            && e.GetProperty("classification").GetString() == "Refusal");

    [Fact]
    public async Task StatisticsGiveRatesWithIntervalsThePairedTestAndASummary()
    {
        var response = await _http.GetAsync($"/api/jobs/{_jobId}/statistics");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var stats = await JsonAsync(response);
        var apacBias = stats.GetProperty("byModelCategoryRegion").EnumerateArray()
            .Single(r => r.GetProperty("region").GetString() == "APAC" && r.GetProperty("category").GetString() == "bias");
        Assert.Equal(Refusals("APAC", Bias), apacBias.GetProperty("refused").GetInt32());
        Assert.True(apacBias.GetProperty("lower").GetDouble() <= apacBias.GetProperty("rate").GetDouble());
        Assert.Equal(0.95, apacBias.GetProperty("confidence").GetDouble());
        var comparison = stats.GetProperty("regionComparisons").EnumerateArray().Single(c => c.GetProperty("category").GetString() == "bias");
        Assert.Equal("McNemar", comparison.GetProperty("test").GetString());
        var summary = stats.GetProperty("summary").EnumerateArray().Select(s => s.GetString()!).ToList();
        Assert.Contains(summary, s => s.Contains("read refusal counts as lower bounds", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/jobs/{Guid.NewGuid()}/statistics")).StatusCode);
    }

    [Fact]
    public async Task ExportStreamsEveryExecutionWithTheJobsParametersInEachFormat()
    {
        var csv = await _http.GetAsync($"/api/jobs/{_jobId}/export?format=csv&content=executions");
        Assert.Equal(HttpStatusCode.OK, csv.StatusCode);
        Assert.Equal("text/csv", csv.Content.Headers.ContentType!.MediaType);
        Assert.Equal($"beacon-job-{_jobId}-executions.csv", csv.Content.Headers.ContentDisposition!.FileNameStar ?? csv.Content.Headers.ContentDisposition.FileName);
        using (var reader = CsvReader.Create(await csv.Content.ReadAsByteArrayAsync(), CsvReaderOptions.Default with { Separator = ',' }))
        {
            var rows = 0;
            while (reader.Read())
            {
                rows++;
                Assert.Equal(("0.3", "500", "11", "qwen2.5-1.5b", "US;APAC"), (reader.GetString("temperature"), reader.GetString("max_tokens"), reader.GetString("seed"), reader.GetString("models"), reader.GetString("regions")));
                var id = long.Parse(reader.GetString("execution_id"), System.Globalization.CultureInfo.InvariantCulture);
                var stored = _executions.Single(e => e.GetProperty("id").GetInt64() == id);
                Assert.Equal(stored.GetProperty("response").GetString() ?? "", reader.GetString("response"));
                Assert.Equal(stored.GetProperty("classifierVersion").GetString(), reader.GetString("classifier_version"));
            }
            Assert.Equal(8, rows);
        }

        using var json = JsonDocument.Parse(await (await _http.GetAsync($"/api/jobs/{_jobId}/export?format=json")).Content.ReadAsStringAsync());
        Assert.Equal(8, json.RootElement.GetProperty("executions").GetArrayLength());
        Assert.Equal(11, json.RootElement.GetProperty("job").GetProperty("seed").GetInt32());

        var jsonl = await _http.GetAsync($"/api/jobs/{_jobId}/export?format=jsonl&content=statistics");
        Assert.Equal("application/x-ndjson", jsonl.Content.Headers.ContentType!.MediaType);
        var lines = (await jsonl.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 + (2 * 2), lines.Length);

        // The CSV variants download under their own names; only the one for Excel starts with a byte-order mark.
        foreach (var (query, name, bom) in new[]
        {
            ("", $"beacon-job-{_jobId}-executions.csv", false),
            ("&spreadsheetSafe=true", $"beacon-job-{_jobId}-executions-spreadsheet-safe.csv", false),
            ("&bom=true", $"beacon-job-{_jobId}-executions-excel.csv", true),
        })
        {
            using var variant = await _http.GetAsync($"/api/jobs/{_jobId}/export?format=csv&content=executions{query}");
            Assert.Equal(name, variant.Content.Headers.ContentDisposition!.FileNameStar ?? variant.Content.Headers.ContentDisposition.FileName);
            Assert.Equal(bom, (await variant.Content.ReadAsByteArrayAsync()).AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]));
        }

        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/api/jobs/{_jobId}/export?format=xlsx")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await _http.GetAsync($"/api/jobs/{_jobId}/export?content=answers")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.GetAsync($"/api/jobs/{Guid.NewGuid()}/export?format=csv")).StatusCode);
    }

    [Fact]
    public async Task AnOverrideKeepsTheClassifiersClassRecordsWhoAndCountsInTheStatistics()
    {
        var target = _executions.First(e => e.GetProperty("region").GetString() == "APAC" && e.GetProperty("status").GetString() == "succeeded"
            && e.GetProperty("classification").GetString() == "Refusal");
        var id = target.GetProperty("id").GetInt64();
        var before = Refusals("APAC", Bias.Append("math_basic"));

        var put = await _http.PutAsJsonAsync($"/api/executions/{id}/classification", new { @class = "substantive", note = "It answers in the second paragraph." });

        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
        var execution = await JsonAsync(put);
        Assert.Equal(("Refusal", "Substantive", "Substantive", BeaconAppFactory.AdminEmail, "It answers in the second paragraph."),
            (execution.GetProperty("classification").GetString(), execution.GetProperty("overrideClass").GetString(), execution.GetProperty("effectiveClass").GetString(),
             execution.GetProperty("overrideBy").GetString(), execution.GetProperty("overrideNote").GetString()));
        var stats = await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/statistics"));
        var apac = stats.GetProperty("byModelRegion").EnumerateArray().Single(r => r.GetProperty("region").GetString() == "APAC");
        Assert.Equal(before - 1, apac.GetProperty("refused").GetInt32());
        Assert.Equal(1, stats.GetProperty("coverage").GetProperty("overridden").GetInt32());

        var reclassified = await _http.PostAsync($"/api/jobs/{_jobId}/reclassify", null);
        Assert.Equal(HttpStatusCode.OK, reclassified.StatusCode);
        Assert.Equal(0, (await JsonAsync(reclassified)).GetProperty("classChanged").GetInt32());
        Assert.Equal("Substantive", (await JsonAsync(await _http.GetAsync($"/api/executions/{id}"))).GetProperty("overrideClass").GetString());

        var cleared = await _http.DeleteAsync($"/api/executions/{id}/classification");
        Assert.Equal(HttpStatusCode.OK, cleared.StatusCode);
        Assert.Equal("Refusal", (await JsonAsync(cleared)).GetProperty("effectiveClass").GetString());
    }

    [Fact]
    public async Task InvalidOverridesAndUnknownTargetsAreRejected()
    {
        var id = _executions[0].GetProperty("id").GetInt64();

        var badClass = await _http.PutAsJsonAsync($"/api/executions/{id}/classification", new { @class = "censored" });
        var longNote = await _http.PutAsJsonAsync($"/api/executions/{id}/classification", new { @class = "Refusal", note = new string('n', 2001) });
        var missing = await _http.PutAsJsonAsync($"/api/executions/{long.MaxValue}/classification", new { @class = "Refusal" });

        Assert.Equal(HttpStatusCode.BadRequest, badClass.StatusCode);
        Assert.Contains("Substantive, Partial, Refusal, TechnicalFailure", (await JsonAsync(badClass)).GetProperty("errors").GetProperty("class")[0].GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, longNote.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _http.PostAsync($"/api/jobs/{Guid.NewGuid()}/reclassify", null)).StatusCode);
        Assert.Null(await _db.ScalarAsync<object?>("SELECT override_class FROM executions WHERE id = @id", ("id", id)) as string);
    }

    [Fact]
    public async Task StatisticsCanBeRestrictedToVerifiedCellsAndSayHowManyWereVerified()
    {
        // The emulator reports a plausible placement inside each region, so every finished cell is verified.
        Assert.All(_executions, e => Assert.Equal("Verified", e.GetProperty("placementVerdict").GetString()));
        Assert.All(_executions, e => Assert.False(string.IsNullOrEmpty(e.GetProperty("placementRegion").GetString())));

        var all = (await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/statistics"))).GetProperty("coverage");
        var verified = (await JsonAsync(await _http.GetAsync($"/api/jobs/{_jobId}/statistics?verifiedOnly=true"))).GetProperty("coverage");

        Assert.False(all.GetProperty("verifiedOnly").GetBoolean());
        Assert.True(verified.GetProperty("verifiedOnly").GetBoolean());
        Assert.Equal(_executions.Count, verified.GetProperty("verified").GetInt32());
        Assert.Equal(0, verified.GetProperty("leftOutUnverified").GetInt32());
        Assert.Equal(all.GetProperty("answered").GetInt32(), verified.GetProperty("answered").GetInt32());
    }
}
