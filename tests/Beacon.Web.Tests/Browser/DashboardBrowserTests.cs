using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Beacon.Web.Tests.Processes;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>The researcher's workflow in a real headless Chromium against Beacon running as its own process.</summary>
public sealed class DashboardBrowserTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BrowserSession _browser = null!;

    private static readonly Dictionary<string, string?> Emulator = new()
    {
        ["Beacon:Emulator:MinLatencyMs"] = "200",
        ["Beacon:Emulator:MaxLatencyMs"] = "600",
        ["Beacon:Emulator:ColdStartMs"] = "1000",
        ["Beacon:Emulator:ServerErrorRate"] = "0",
        ["Beacon:Emulator:RateLimitRate"] = "0",
        ["Beacon:Emulator:HandOffRate"] = "0.05",
        ["Beacon:Endpoints:Regions:US:MaxConcurrency"] = "2",
        ["Beacon:Endpoints:Regions:EU:MaxConcurrency"] = "2",
        ["Beacon:Endpoints:Regions:APAC:MaxConcurrency"] = "2",
    };

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _browser = await BrowserSession.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _browser.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static ILocator ByTestId(IPage page, string id) => page.Locator($"[data-testid='{id}']");

    /// <summary>The page is prerendered first; clicks only work once the Blazor circuit is connected.</summary>
    private static async Task WaitForInteractivityAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-testid]') !== null");
        await page.WaitForTimeoutAsync(500);
    }

    [Fact]
    public async Task ASubmittedJobFillsInLiveAndItsAnswersCanBeRead()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        var page = await _browser.NewSignedInPageAsync(beacon.Url);

        await page.GotoAsync(new Uri(beacon.Url, "jobs/new").ToString());
        await WaitForInteractivityAsync(page);
        await BrowserSession.ScreenshotAsync(page, "new-job-empty");
        await ByTestId(page, "question-math_basic").ClickAsync();
        await ByTestId(page, "question-taiwan_status").ClickAsync();
        await Assertions.Expect(ByTestId(page, "execution-count")).ToHaveTextAsync("18");
        // Every model and region starts selected: keep qwen2.5-1.5b in US and APAC.
        await ByTestId(page, "model-llama3.2-1b").ClickAsync();
        await ByTestId(page, "model-mistral-7b").ClickAsync();
        await ByTestId(page, "region-EU").ClickAsync();
        await Assertions.Expect(ByTestId(page, "execution-count")).ToHaveTextAsync("4");
        await BrowserSession.ScreenshotAsync(page, "new-job-filled");
        await ByTestId(page, "submit-job").ClickAsync();

        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/[0-9a-f-]{36}$"));
        var jobUrl = page.Url;
        // No reload from here on: every change must arrive by push.
        await Assertions.Expect(ByTestId(page, "job-status")).ToContainTextAsync("Completed", new() { Timeout = 60_000, IgnoreCase = true });
        await Assertions.Expect(ByTestId(page, "count-succeeded")).ToContainTextAsync("4");
        Assert.Equal(jobUrl, page.Url);
        await BrowserSession.ScreenshotAsync(page, "job-completed");

        var cell = ByTestId(page, "matrix-cell-taiwan_status-qwen2.5-1.5b-APAC");
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-status", "succeeded");
        await cell.ClickAsync();
        var answer = ByTestId(page, "matrix-open").Locator("[data-testid^='answer-']").First;
        await Assertions.Expect(answer).ToBeVisibleAsync();
        var text = await answer.InnerTextAsync();
        Assert.True(text.Contains("抱歉") || text.Contains("I'm sorry"), $"APAC qwen's emulated refusal expected, got: {text}");
        await BrowserSession.ScreenshotAsync(page, "job-answer-expanded");

        foreach (var (path, name) in new[] { ("", "overview"), ("jobs", "jobs-list") })
        {
            await page.GotoAsync(new Uri(beacon.Url, path).ToString());
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await BrowserSession.ScreenshotAsync(page, name);
        }
    }

    [Fact]
    public async Task CancellingAJobFromItsPageStopsIt()
    {
        var slow = new Dictionary<string, string?>(Emulator)
        {
            ["Beacon:Emulator:MinLatencyMs"] = "3000",
            ["Beacon:Emulator:MaxLatencyMs"] = "4000",
        };
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, slow);
        using var http = await beacon.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "greatest_leader", "greatest_invention" }, models = new[] { "mistral-7b" }, regions = new[] { "EU", "US" }, repeats = 5 });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "job-status")).ToContainTextAsync("Running", new() { Timeout = 30_000, IgnoreCase = true });

        await ByTestId(page, "cancel-job").ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes" }).ClickAsync();

        await Assertions.Expect(ByTestId(page, "job-status")).ToContainTextAsync("Cancelled", new() { Timeout = 15_000, IgnoreCase = true });
        await Assertions.Expect(ByTestId(page, "count-pending")).ToContainTextAsync("0");
        await Assertions.Expect(ByTestId(page, "count-running")).ToContainTextAsync("0");
        await BrowserSession.ScreenshotAsync(page, "job-cancelled");
        var job = await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}");
        Assert.Equal("cancelled", job.GetProperty("status").GetString());
    }

    [Fact]
    public async Task ResultsWrittenByAWorkerInAnotherProcessAppearLive()
    {
        await using var web = await BeaconProcess.StartAsync(_db.ConnectionString, new Dictionary<string, string?> { ["Beacon:Worker:Enabled"] = "false" });
        using var http = await web.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "math_basic", "hongkong_2019" }, models = new[] { "llama3.2-1b" }, regions = new[] { "EU", "APAC" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var page = await _browser.NewSignedInPageAsync(web.Url);
        await page.GotoAsync(new Uri(web.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "count-pending")).ToContainTextAsync("4");
        await BrowserSession.ScreenshotAsync(page, "job-waiting-for-worker");

        await using var worker = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);

        await Assertions.Expect(ByTestId(page, "job-status")).ToContainTextAsync("Completed", new() { Timeout = 60_000, IgnoreCase = true });
        await Assertions.Expect(ByTestId(page, "count-succeeded")).ToContainTextAsync("4");
        await BrowserSession.ScreenshotAsync(page, "job-completed-by-other-worker");
    }

    [Fact]
    public async Task AModelsManyRepeatsFillInLiveAndOpenTogether()
    {
        var settings = new Dictionary<string, string?>(Emulator)
        {
            ["Beacon:Jobs:MaxRepeats"] = "40",
            ["Beacon:Emulator:MinLatencyMs"] = "50",
            ["Beacon:Emulator:MaxLatencyMs"] = "150",
            ["Beacon:Emulator:ColdStartMs"] = "0",
            ["Beacon:Emulator:HandOffRate"] = "0",
        };
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, settings);
        using var http = await beacon.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "US", "EU", "APAC" }, repeats = 40 });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);

        // 40 repeats per cell: one cell per region, which fills in as the job runs, without a reload.
        var cell = ByTestId(page, "matrix-cell-math_basic-qwen2.5-1.5b-APAC");
        await Assertions.Expect(ByTestId(page, "job-status")).ToContainTextAsync("Completed", new() { Timeout = 90_000, IgnoreCase = true });
        await Assertions.Expect(ByTestId(page, "count-succeeded")).ToContainTextAsync("120");
        await Assertions.Expect(cell).ToHaveAttributeAsync("data-status", "succeeded");
        await Assertions.Expect(cell).ToContainTextAsync("40/40 substantive");
        await BrowserSession.ScreenshotAsync(page, "job-many-repeats");

        // Opened, it shows its repeats' answers 25 at a time, the last one on the second page.
        await cell.ClickAsync();
        await Assertions.Expect(ByTestId(page, "matrix-open").Locator("[data-testid^='answer-']")).ToHaveCountAsync(25);
        await Assertions.Expect(ByTestId(page, "repeat-range")).ToHaveTextAsync("Repeats 1-25 of 40");
        await ByTestId(page, "repeat-pages").Locator("button", new() { HasTextString = "2" }).ClickAsync();
        await Assertions.Expect(ByTestId(page, "repeat-range")).ToHaveTextAsync("Repeats 26-40 of 40");
        await Assertions.Expect(ByTestId(page, "answer-39")).ToHaveAttributeAsync("data-status", "succeeded");
    }

    [Fact]
    public async Task AnAnswerContainingScriptAndHtmlIsShownAsTextAndNothingRuns()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } });
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}")).GetProperty("status").GetString(),
            s => s == "completed", TimeSpan.FromSeconds(60), "the job to complete");
        var execution = (await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}/executions")).GetProperty("items")[0].GetProperty("id").GetInt64();
        // Whatever a model answers is stored as it came; here it answers with markup meant to run in the reader's browser.
        const string payload = "<script>window.__beaconPwned = 1</script><img src=x onerror=\"window.__beaconPwned = 2\"><b>bold?</b> 4";
        await _db.ExecuteAsync("UPDATE executions SET response_text = @t WHERE id = @id", ("t", payload), ("id", execution));

        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        var dialogs = 0;
        page.Dialog += (_, dialog) =>
        {
            dialogs++;
            _ = dialog.DismissAsync();
        };
        await page.GotoAsync(new Uri(beacon.Url, $"executions/{execution}").ToString());
        await WaitForInteractivityAsync(page);

        var answer = ByTestId(page, $"answer-{execution}");
        await Assertions.Expect(answer).ToHaveTextAsync(payload);
        Assert.Equal(0, await answer.Locator("script, img, b").CountAsync());
        Assert.True(await page.EvaluateAsync<bool>("() => window.__beaconPwned === undefined"));
        Assert.Equal(0, dialogs);
        await BrowserSession.ScreenshotAsync(page, "answer-rendered-inert");
    }

    [Fact]
    public async Task SigningInShowsTheUserAndAResearcherHasNoAdministratorMenu()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var admin = await beacon.CreateAdminClientAsync();
        var user = await admin.PostAsJsonAsync("api/users", new { email = "ann@beacon.test", password = "ann-password-12", role = "Researcher" });
        Assert.Equal(System.Net.HttpStatusCode.Created, user.StatusCode);

        var page = await _browser.NewPageAsync();
        await page.GotoAsync(new Uri(beacon.Url, "jobs").ToString());
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
        await BrowserSession.ScreenshotAsync(page, "sign-in");
        await BrowserSession.SignInAsync(page, beacon.Url, "ann@beacon.test", "ann-password-12");
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "signed-in-as")).ToHaveTextAsync("ann@beacon.test");
        Assert.Equal(0, await ByTestId(page, "nav-users").CountAsync());
        Assert.Equal(0, await ByTestId(page, "nav-hangfire").CountAsync());

        await ByTestId(page, "sign-out").ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("/account/login", StringComparison.Ordinal));
        await page.GotoAsync(new Uri(beacon.Url, "jobs").ToString());
        Assert.Contains("/account/login", page.Url, StringComparison.Ordinal);
    }
}
