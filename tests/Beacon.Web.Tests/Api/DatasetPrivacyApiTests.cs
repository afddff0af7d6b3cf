using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Api;

/// <summary>
/// Two researchers and an administrator: an imported set is private to its importer until they share it (decision 0020),
/// in every place its questions are listed or used.
/// </summary>
public sealed class DatasetPrivacyApiTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BeaconAppFactory _app = null!;
    private HttpClient _ann = null!;
    private HttpClient _bob = null!;
    private HttpClient _admin = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new BeaconAppFactory(_db);
        _ann = await _app.CreateResearcherClientAsync("ann");
        _bob = await _app.CreateResearcherClientAsync("bob");
        _admin = await _app.CreateAdminClientAsync();
    }

    public async Task DisposeAsync()
    {
        _ann.Dispose();
        _bob.Dispose();
        _admin.Dispose();
        await _app.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response) => await response.Content.ReadFromJsonAsync<JsonElement>();

    private static async Task<HttpResponseMessage> ImportAsync(HttpClient client, string name, string csv) =>
        await client.PostAsync($"/api/datasets?name={Uri.EscapeDataString(name)}", new StringContent(csv, Encoding.UTF8, "text/csv"));

    private static object Job(params string[] questionIds) => new { questionIds, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "US" } };

    private static async Task<List<string>> SetNamesAsync(HttpClient client) =>
        (await JsonAsync(await client.GetAsync("/api/datasets"))).EnumerateArray().Select(s => s.GetProperty("name").GetString()!).ToList();

    private static async Task<List<string>> CatalogueIdsAsync(HttpClient client) =>
        (await JsonAsync(await client.GetAsync("/api/catalog/questions"))).EnumerateArray().Select(q => q.GetProperty("id").GetString()!).ToList();

    [Fact]
    public async Task AnImportedSetIsPrivateToItsImporterUntilSharedAndOldJobsKeepWorking()
    {
        var created = await ImportAsync(_ann, "Ann's prompts", "id,category,text\nann-1,PRC politics,What did Ann ask privately?\nann-2,PRC politics,A second private question?\n");
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var set = await JsonAsync(created);
        var id = set.GetProperty("id").GetGuid();
        Assert.False(set.GetProperty("sharedWithEveryone").GetBoolean());

        // Ann sees and uses her set.
        Assert.Equal(["Ann's prompts"], await SetNamesAsync(_ann));
        Assert.Contains("ann-1", await CatalogueIdsAsync(_ann));
        var annsJob = await _ann.PostAsJsonAsync("/api/jobs", Job("ann-1", "math_basic"));
        Assert.Equal(HttpStatusCode.Created, annsJob.StatusCode);
        var jobId = (await JsonAsync(annsJob)).GetProperty("id").GetGuid();

        // Bob sees nothing of it: not in the list, not by id, not in the catalogue, and cannot run or price its questions.
        Assert.Empty(await SetNamesAsync(_bob));
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.GetAsync($"/api/datasets/{id}")).StatusCode);
        var bobsCatalogue = await CatalogueIdsAsync(_bob);
        Assert.Contains("math_basic", bobsCatalogue);
        Assert.DoesNotContain("ann-1", bobsCatalogue);
        var refused = await _bob.PostAsJsonAsync("/api/jobs", Job("ann-1", "math_basic"));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["Unknown question 'ann-1'."], (await JsonAsync(refused)).GetProperty("errors").GetProperty("questionIds").EnumerateArray().Select(e => e.GetString()));
        var estimate = await _bob.PostAsJsonAsync("/api/jobs/estimate", Job("ann-1"));
        Assert.Equal(HttpStatusCode.BadRequest, estimate.StatusCode);
        Assert.True((await JsonAsync(estimate)).GetProperty("errors").TryGetProperty("questionIds", out _));
        Assert.Equal(HttpStatusCode.NotFound, (await _bob.PutAsJsonAsync($"/api/datasets/{id}/sharing", new { sharedWithEveryone = true })).StatusCode);

        // Bob's own file with the same text is no duplicate of a question he cannot use.
        var bobs = await ImportAsync(_bob, "Bob's prompts", "subject,prompt\nmine,What did Ann ask privately?\n");
        Assert.Equal(HttpStatusCode.Created, bobs.StatusCode);
        Assert.Equal(1, (await JsonAsync(bobs)).GetProperty("questionCount").GetInt32());

        // A job Ann shares with Bob stays readable for him, questions and all, though the set is still private.
        Assert.Equal(HttpStatusCode.OK, (await _ann.PostAsJsonAsync($"/api/jobs/{jobId}/shares", new { email = "bob@beacon.test" })).StatusCode);
        var sharedJob = await _bob.GetAsync($"/api/jobs/{jobId}");
        Assert.Equal(HttpStatusCode.OK, sharedJob.StatusCode);
        Assert.Equal(2, (await JsonAsync(sharedJob)).GetProperty("questionCount").GetInt32());

        // Once Ann shares the set, Bob sees it and may use it, but may not make it private again; an administrator may.
        var sharing = await _ann.PutAsJsonAsync($"/api/datasets/{id}/sharing", new { sharedWithEveryone = true });
        Assert.Equal(HttpStatusCode.OK, sharing.StatusCode);
        Assert.True((await JsonAsync(sharing)).GetProperty("sharedWithEveryone").GetBoolean());
        Assert.Equal(["Bob's prompts", "Ann's prompts"], await SetNamesAsync(_bob));
        Assert.Equal(HttpStatusCode.Created, (await _bob.PostAsJsonAsync("/api/jobs", Job("ann-1"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _bob.PutAsJsonAsync($"/api/datasets/{id}/sharing", new { sharedWithEveryone = false })).StatusCode);
        var missing = await _ann.PutAsJsonAsync($"/api/datasets/{id}/sharing", new { });
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        Assert.True((await JsonAsync(missing)).GetProperty("errors").TryGetProperty("sharedWithEveryone", out _));

        // The administrator sees every set, Bob's private one included, and can make Ann's private again.
        Assert.Equal(["Bob's prompts", "Ann's prompts"], await SetNamesAsync(_admin));
        Assert.Equal(HttpStatusCode.OK, (await _admin.PutAsJsonAsync($"/api/datasets/{id}/sharing", new { sharedWithEveryone = false })).StatusCode);
        Assert.Equal(["Bob's prompts"], await SetNamesAsync(_bob));
        Assert.Equal(HttpStatusCode.BadRequest, (await _bob.PostAsJsonAsync("/api/jobs", Job("ann-1"))).StatusCode);
    }
}
