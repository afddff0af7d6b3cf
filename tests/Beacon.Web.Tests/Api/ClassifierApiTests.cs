using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>The classifier card, an execution's classification history and the judge agreement, through the whole app (no judge configured).</summary>
public sealed class ClassifierApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _http = null!;
    private Guid _jobId;
    private long _execution;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _http = await _app.CreateResearcherClientAsync("researcher");
        var created = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "US" } });
        _jobId = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{_jobId}"),
            j => j.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromMinutes(2), "the job to finish");
        _execution = (await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{_jobId}/executions")).GetProperty("items")[0].GetProperty("id").GetInt64();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    [Fact]
    public async Task TheClassifierCardIsTheShippedOne()
    {
        var card = await _http.GetFromJsonAsync<JsonElement>("/api/classifier");

        Assert.Equal(ResponseClassifier.Version, card.GetProperty("version").GetString());
        var figure = card.GetProperty("figures")[0];
        Assert.True(figure.TryGetProperty("low", out _) && figure.TryGetProperty("high", out _) && figure.TryGetProperty("n", out _));
        // The API serves exactly the card embedded in Beacon.Core (sources with their licences included).
        var shipped = ClassifierCard.Current;
        Assert.Equal(shipped.Sources.Count, card.GetProperty("sources").GetArrayLength());
        Assert.Equal(shipped.Sources[0].Licence, card.GetProperty("sources")[0].GetProperty("licence").GetString());
        Assert.Equal(shipped.Figures.Count, card.GetProperty("figures").GetArrayLength());
    }

    [Fact]
    public async Task AnExecutionsHistoryKeepsEveryClassifierVersion()
    {
        await _db.ExecuteAsync("UPDATE executions SET classification = 'Refusal', classifier_version = 'rules-0.9', classification_rule = 'old' WHERE id = @id", ("id", _execution));
        Assert.Equal(HttpStatusCode.OK, (await _http.PostAsync($"/api/jobs/{_jobId}/reclassify", null)).StatusCode);

        var history = (await _http.GetFromJsonAsync<JsonElement>($"/api/executions/{_execution}/classifications")).EnumerateArray().ToList();

        Assert.Equal(["Substantive", "Refusal", "Substantive"], history.Select(h => h.GetProperty("class").GetString()));
        Assert.Equal([ResponseClassifier.Version, "rules-0.9", ResponseClassifier.Version], history.Select(h => h.GetProperty("version").GetString()));
        Assert.Equal("old", history[1].GetProperty("rule").GetString());
        Assert.All(history, h => Assert.Equal("classifier", h.GetProperty("source").GetString()));
    }

    [Fact]
    public async Task WithoutAJudgeAskingForOneIsAValidationErrorNamingTheField()
    {
        var submit = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "US" }, judge = true });
        var reclassify = await _http.PostAsync($"/api/jobs/{_jobId}/reclassify?judge=true", null);

        foreach (var response in new[] { submit, reclassify })
        {
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            Assert.Contains("Beacon:Judge", problem.GetProperty("errors").GetProperty("judge")[0].GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task TheClassifierPageAndTheExecutionsHistoryRenderForASignedInUser()
    {
        using var browser = await Security.SignedInBrowserlessClient.CreateAsync(_app, "researcher@beacon.test", BeaconAppFactory.UserPassword);

        var classifier = await browser.GetStringAsync("/classifier");
        var execution = await browser.GetStringAsync($"/executions/{_execution}");

        Assert.Contains(ResponseClassifier.Version, classifier, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"figure\"", classifier, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"target-missed\"", classifier, StringComparison.Ordinal);
        Assert.Contains("No LLM judge is configured", classifier, StringComparison.Ordinal);
        Assert.Contains("Classification history", execution, StringComparison.Ordinal);
        Assert.Contains("data-testid=\"classification-record\"", execution, StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheAgreementOfAnUnjudgedJobIsEmpty()
    {
        var agreement = await _http.GetFromJsonAsync<JsonElement>($"/api/jobs/{_jobId}/judge-agreement");

        Assert.False(agreement.GetProperty("judgeConfigured").GetBoolean());
        Assert.Equal(1, agreement.GetProperty("answered").GetInt32());
        Assert.Equal(0, agreement.GetProperty("judged").GetInt32());
        Assert.Equal(JsonValueKind.Null, agreement.GetProperty("agreement").GetProperty("kappa").ValueKind);
        Assert.Equal(3, agreement.GetProperty("agreement").GetProperty("classes").GetArrayLength());
    }
}
