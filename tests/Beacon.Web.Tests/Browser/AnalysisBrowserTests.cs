using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The analysis pages of a finished job (statistics, comparison) and the datasets page, in a real headless Chromium
/// against Beacon running as its own process with the emulator. Screenshots go to artifacts/screenshots.
/// </summary>
public sealed class AnalysisBrowserTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private BrowserSession _browser = null!;

    private static readonly Dictionary<string, string?> Emulator = new()
    {
        ["Beacon:Emulator:MinLatencyMs"] = "50",
        ["Beacon:Emulator:MaxLatencyMs"] = "150",
        ["Beacon:Emulator:ColdStartMs"] = "200",
        ["Beacon:Emulator:ServerErrorRate"] = "0",
        ["Beacon:Emulator:RateLimitRate"] = "0",
        ["Beacon:Emulator:HandOffRate"] = "0",
        ["Beacon:Endpoints:Regions:US:MaxConcurrency"] = "4",
        ["Beacon:Endpoints:Regions:EU:MaxConcurrency"] = "4",
        ["Beacon:Endpoints:Regions:APAC:MaxConcurrency"] = "4",
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

    /// <summary>The whole suite runs several Beacon processes and browsers on two shared cores: allow for a slow server.</summary>
    private const float Patience = 30_000;

    private static ILocator ByTestId(IPage page, string id) => page.Locator($"[data-testid='{id}']");

    private static async Task WaitForInteractivityAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-testid]') !== null");
        await page.WaitForTimeoutAsync(500);
    }

    private static async Task<Guid> FinishedJobAsync(HttpClient http, object request)
    {
        var created = await http.PostAsJsonAsync("api/jobs", request);
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(
            () => http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
            job => job.GetProperty("status").GetString() is "completed" or "failed",
            TimeSpan.FromSeconds(120), "the job to finish");
        return id;
    }

    /// <summary>Close-ups of the charts and tables (a full-page picture is too small to judge them).</summary>
    private static async Task SectionsAsync(IPage page, string prefix)
    {
        foreach (var id in new[] { "statistics-summary", "chart-model-region", "chart-category-region", "heatmap-qwen2.5-1.5b", "paired-tests", "matrix-tfidf", "divergence-table" })
        {
            await ByTestId(page, id).ScreenshotAsync(new LocatorScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, $"{prefix}-{id}.png") });
        }
    }

    [Fact]
    public async Task AFinishedJobsStatisticsAndComparisonCanBeReadAndItsAnswersDiffed()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        var id = await FinishedJobAsync(http, new
        {
            questionIds = new[] { "math_basic", "geography_basic", "identity_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019", "greatest_invention", "greatest_leader" },
            models = new[] { "qwen2.5-1.5b", "llama3.2-1b" },
            regions = new[] { "US", "EU", "APAC" },
            repeats = 2,
        });
        var page = await _browser.NewSignedInPageAsync(beacon.Url);

        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/statistics").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "statistics-summary")).ToContainTextAsync("Based on", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid^='bar-qwen2.5-1.5b-']")).ToHaveCountAsync(3, new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid^='whisker-']").First).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "hm-qwen2.5-1.5b-tiananmen_neutral-APAC")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "test-qwen2.5-1.5b-all")).ToContainTextAsync("Cochran", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "matrix-tfidf")).ToBeVisibleAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "statistics");
        await SectionsAsync(page, "statistics");

        await page.ClickAsync("[data-testid='theme-toggle']");
        await page.WaitForTimeoutAsync(400);
        await BrowserSession.ScreenshotAsync(page, "statistics-dark");
        await SectionsAsync(page, "statistics-dark");
        await page.ClickAsync("[data-testid='theme-toggle']");

        // A heatmap cell opens the comparison of that question for that model.
        await ByTestId(page, "hm-qwen2.5-1.5b-tiananmen_neutral-APAC").Locator("a").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/compare\\?question=tiananmen_neutral"));
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "column-US")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "column-APAC")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "text-US")).ToBeVisibleAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "compare-regions");

        await page.GetByText("Mark word differences").ClickAsync();
        await ByTestId(page, "make-baseline-APAC").ClickAsync();
        await Assertions.Expect(ByTestId(page, "column-APAC").Locator("[data-testid='baseline-badge']")).ToBeVisibleAsync(new() { Timeout = Patience });
        // APAC's Qwen refuses: the US answer shares few of its words and is shown whole, not interleaved with it.
        await Assertions.Expect(ByTestId(page, "whole-US")).ToContainTextAsync("Mostly different from APAC", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "compare-baseline-apac");

        await ByTestId(page, "mode-models").ClickAsync();
        await Assertions.Expect(ByTestId(page, "column-llama3.2-1b")).ToBeVisibleAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "compare-models");

        // Override the class of APAC's refusal from its execution page; the statistics count it.
        await ByTestId(page, "mode-regions").ClickAsync();
        await Assertions.Expect(ByTestId(page, "column-APAC")).ToBeVisibleAsync(new() { Timeout = Patience });
        await ByTestId(page, "column-APAC").Locator("a[href^='/executions/']").Last.ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/executions/[0-9]+$"));
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "override-save")).ToBeDisabledAsync(new() { Timeout = Patience });
        await ByTestId(page, "override-class").ClickAsync(new LocatorClickOptions { Force = true });
        await page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = "partial" }).First.ClickAsync();
        await ByTestId(page, "override-note-input").FillAsync("Declines, but points to sources: evasive rather than a refusal.");
        await Assertions.Expect(ByTestId(page, "override-save")).ToBeEnabledAsync(new() { Timeout = Patience });
        await ByTestId(page, "override-save").ClickAsync();
        await Assertions.Expect(ByTestId(page, "override-audit")).ToContainTextAsync(BeaconProcess.AdminEmail, new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "original-class")).ToContainTextAsync("refusal", new() { Timeout = Patience });
        await page.EvaluateAsync("window.scrollTo(0, 0)");
        await BrowserSession.ScreenshotAsync(page, "execution-override");

        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/statistics").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "statistics-summary")).ToContainTextAsync("1 class was set by hand", new() { Timeout = Patience });

        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);
        await ByTestId(page, "export-menu").Locator("button").First.ClickAsync();
        await page.WaitForTimeoutAsync(400);
        await BrowserSession.ScreenshotAsync(page, "job-export-menu");
        await page.Keyboard.PressAsync("Escape");
        await page.WaitForTimeoutAsync(300);

        await ByTestId(page, "reclassify").ClickAsync();
        await Assertions.Expect(page.GetByRole(AriaRole.Dialog)).ToContainTextAsync(Beacon.Core.Analysis.ResponseClassifier.Version, new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "job-reclassify-confirm");
        await page.GetByRole(AriaRole.Dialog).GetByRole(AriaRole.Button, new() { Name = "Re-classify" }).ClickAsync();
        await Assertions.Expect(page.Locator(".mud-snackbar")).ToContainTextAsync("Re-classified 96", new() { Timeout = Patience });

        // One region: no paired test, and the page says why.
        var single = await FinishedJobAsync(http, new { questionIds = new[] { "math_basic", "taiwan_status" }, models = new[] { "qwen2.5-1.5b" }, regions = new[] { "APAC" } });
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{single}/statistics").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "single-region")).ToContainTextAsync("one region", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "statistics-single-region");
    }

    /// <summary>
    /// Chooses a file. On a loaded machine the circuit may still be connecting when the page looks ready, and a change
    /// event before it is connected is lost: choose again until the page shows the file's name.
    /// </summary>
    private static async Task UploadAsync(IPage page, string name, string content)
    {
        for (var attempt = 1; ; attempt++)
        {
            await ByTestId(page, "upload-input").SetInputFilesAsync(new FilePayload { Name = name, MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(content) });
            try
            {
                await Assertions.Expect(ByTestId(page, "file-name")).ToContainTextAsync(name, new() { Timeout = 15_000 });
                return;
            }
            catch (PlaywrightException) when (attempt < 3)
            {
            }
        }
    }

    [Fact]
    public async Task ADatasetIsPreviewedRefusedWithLineErrorsAndImportedWhenClean()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.GotoAsync(new Uri(beacon.Url, "datasets").ToString());
        await WaitForInteractivityAsync(page);
        await BrowserSession.ScreenshotAsync(page, "datasets-empty");

        var bad = "id,category,text\nq1,bias,What is the status of Taiwan?\nq2,bias,\nq3,control,\"unterminated\n";
        await UploadAsync(page, "broken.csv", bad);
        await Assertions.Expect(ByTestId(page, "line-errors")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "import-button")).ToBeDisabledAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "datasets-errors");

        var good = "subject,prompt\nTaiwan,Is Taiwan a country?\nTiananmen,What happened in Beijing on June 4 1989?\n台湾,台湾现在的地位是什么？\nTaiwan,Is Taiwan a country?\n";
        await UploadAsync(page, "censorship-sample.csv", good);
        await Assertions.Expect(ByTestId(page, "preview-rows")).ToBeVisibleAsync(new() { Timeout = Patience });
        await ByTestId(page, "dataset-source").FillAsync("https://example.org/censorship-prompts");
        await ByTestId(page, "dataset-licence").FillAsync("CC BY 4.0");
        await page.WaitForTimeoutAsync(800);
        await Assertions.Expect(ByTestId(page, "import-button")).ToBeEnabledAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "datasets-preview");

        await ByTestId(page, "import-button").ClickAsync();
        await Assertions.Expect(ByTestId(page, "import-result")).ToContainTextAsync("3 questions", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "dataset-list")).ToContainTextAsync("censorship-sample", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "datasets-imported");

        await ByTestId(page, "new-job-censorship-sample").ClickAsync();
        await page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/jobs/new\\?set="));
        await Assertions.Expect(ByTestId(page, "selected-question-count")).ToContainTextAsync("3 of 19", new() { Timeout = Patience }); // 3 imported + the 8 built-ins and their 8 Chinese variants
        await BrowserSession.ScreenshotAsync(page, "new-job-from-set");
    }
}
