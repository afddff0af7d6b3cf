using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>The keyboard review flow in a real headless Chromium against Beacon running as its own process with the emulator.</summary>
public sealed class ReviewBrowserTests : IAsyncLifetime
{
    private const float Patience = 30_000;

    private static readonly Dictionary<string, string?> Emulator = new()
    {
        ["Beacon:Emulator:MinLatencyMs"] = "50",
        ["Beacon:Emulator:MaxLatencyMs"] = "150",
        ["Beacon:Emulator:ColdStartMs"] = "200",
        ["Beacon:Emulator:ServerErrorRate"] = "0",
        ["Beacon:Emulator:RateLimitRate"] = "0",
        ["Beacon:Emulator:HandOffRate"] = "0",
    };

    private TestDatabase _db = null!;
    private BrowserSession _browser = null!;

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

    private static async Task WaitForInteractivityAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-testid]') !== null");
        await page.WaitForTimeoutAsync(500);
    }

    [Fact]
    public async Task AReviewerLabelsWithTheKeyboardSeesTheClassifierOnlyAfterwardsAndResumesLater()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new
        {
            questionIds = new[] { "math_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019" },
            models = new[] { "qwen2.5-1.5b" },
            regions = new[] { "US", "APAC" },
        });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
            job => job.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(120), "the job to finish");
        (await http.PostAsJsonAsync($"api/jobs/{id}/review/samples", new { perStratum = 50, seed = 1 })).EnsureSuccessStatusCode();

        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/review").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "review-position")).ToContainTextAsync("Item 1 of 8", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "review-classifier-class")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "review-blind");

        await ByTestId(page, "review-panel").FocusAsync();
        await page.Keyboard.PressAsync("3");
        await Assertions.Expect(ByTestId(page, "review-classifier-class")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "review-progress")).ToContainTextAsync("1 labelled", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "review-revealed");

        await page.Keyboard.PressAsync("ArrowRight");
        await Assertions.Expect(ByTestId(page, "review-position")).ToContainTextAsync("Item 2 of 8", new() { Timeout = Patience });
        await page.Keyboard.PressAsync("s");
        await Assertions.Expect(ByTestId(page, "review-reveal")).ToContainTextAsync("skipped", new() { Timeout = Patience });

        // Come back later: the queue resumes at the first answer this reviewer has not labelled.
        await page.ReloadAsync();
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "review-position")).ToContainTextAsync("Item 3 of 8", new() { Timeout = Patience });

        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/statistics").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "corrected-card")).ToBeVisibleAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "statistics-corrected");
    }

    [Fact]
    public async Task AReviewerSamplesTwoJobsTogetherLabelsThemInOneFlowAndSeesRatesPerJobAndPooled()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        async Task<Guid> RunAsync(string[] questions, string[] regions)
        {
            var created = await http.PostAsJsonAsync("api/jobs", new { name = $"Job {regions.Length}", questionIds = questions, models = new[] { "qwen2.5-1.5b" }, regions });
            created.EnsureSuccessStatusCode();
            var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
            await Eventually.WaitForAsync(() => http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
                job => job.GetProperty("status").GetString() is "completed" or "failed", TimeSpan.FromSeconds(120), "the job to finish");
            return id;
        }
        var first = await RunAsync(["math_basic", "tiananmen_neutral"], ["US", "APAC"]);
        var second = await RunAsync(["taiwan_status", "hongkong_2019"], ["APAC"]);

        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{first}/review").ToString());
        await WaitForInteractivityAsync(page);
        await page.GetByText("Review together with other jobs").ClickAsync();
        // The panel expands with an animation: tick the checkbox itself (Playwright checks that it ends up ticked).
        await page.Locator($"input[data-testid='together-{second}'], [data-testid='together-{second}'] input").First.CheckAsync();
        await Assertions.Expect(page.GetByText("Review together with other jobs (1 chosen)")).ToBeVisibleAsync(new() { Timeout = Patience });
        await ByTestId(page, "plan-sample").ClickAsync();
        await Assertions.Expect(ByTestId(page, "plan-summary")).ToContainTextAsync("6 of 6 answers", new() { Timeout = Patience });
        await ByTestId(page, "draw-sample").ClickAsync();

        await Assertions.Expect(ByTestId(page, "sample-jobs")).ToContainTextAsync("2 jobs", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "review-position")).ToContainTextAsync("Item 1 of 6", new() { Timeout = Patience });
        for (var i = 1; i <= 6; i++)
        {
            await ByTestId(page, "review-panel").FocusAsync();
            await page.Keyboard.PressAsync("3");
            await Assertions.Expect(ByTestId(page, "review-progress")).ToContainTextAsync($"{i} labelled", new() { Timeout = Patience });
            await page.Keyboard.PressAsync("ArrowRight");
        }
        await Assertions.Expect(ByTestId(page, "review-corrected")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "corrected-scope-pooled-")).ToContainTextAsync("Pooled over 2 jobs", new() { Timeout = Patience });
        // Every answer of both jobs was labelled a refusal: 100% corrected, pooled and per job.
        await Assertions.Expect(ByTestId(page, "corrected-pooled-all")).ToContainTextAsync("100.0%", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, $"corrected-job-{second}-all")).ToContainTextAsync("100.0%", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "review-several-jobs");

        // The same sample is the second job's current one; its statistics show its own corrected rows, per language too.
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{second}/statistics").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "corrected-all")).ToContainTextAsync("100.0%", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "corrected-language en")).ToBeVisibleAsync(new() { Timeout = Patience });
    }
}
