using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The comparison page (plain answers, word differences, repeats, question navigation, searchable pickers), the theme,
/// sharing and the estimate, in headless Chromium against Beacon running as its own process with the emulator.
/// Screenshots at 1440x900 and at phone size (390x844) go to artifacts/screenshots.
/// </summary>
public sealed class CompareBrowserTests : IAsyncLifetime
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

    private static readonly object Job = new
    {
        questionIds = new[] { "math_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019" },
        models = new[] { "qwen2.5-1.5b", "llama3.2-1b" },
        regions = new[] { "US", "EU", "APAC" },
        repeats = 2,
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

    private const float Patience = 30_000;

    private static ILocator ByTestId(IPage page, string id) => page.Locator($"[data-testid='{id}']");

    /// <summary>The text box of a MudBlazor input, whether its test id landed on the input itself or on a wrapper.</summary>
    private static ILocator InputOf(IPage page, string id) => page.Locator($"input[data-testid='{id}'], [data-testid='{id}'] input").First;

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

    private async Task<IPage> PageAsync(Uri url, int width, int height, ColorScheme scheme = ColorScheme.Light)
    {
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = width, Height = height },
            ColorScheme = scheme,
        });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await BrowserSession.SignInAsync(page, url, BeaconProcess.AdminEmail, BeaconProcess.AdminPassword);
        return page;
    }

    /// <summary>Picks an option of a searchable picker by typing part of it.</summary>
    private static async Task SearchAndPickAsync(IPage page, string picker, string typed, string option)
    {
        var input = InputOf(page, picker);
        await input.ClickAsync();
        await input.FillAsync(typed);
        var item = page.Locator(".mud-popover-open .mud-list-item", new() { HasTextString = option }).First;
        await Assertions.Expect(item).ToBeVisibleAsync(new() { Timeout = Patience });
        await item.ClickAsync();
    }

    [Fact]
    public async Task AnswersArePlainUntilDiffedRepeatsSwitchInPlaceAndQuestionsAreSteppedAndSearched()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        var id = await FinishedJobAsync(http, Job);
        var page = await PageAsync(beacon.Url, 1440, 900);

        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/compare?question=tiananmen_neutral&model=qwen2.5-1.5b").ToString());
        await WaitForInteractivityAsync(page);

        // Plain answers by default: the emulated APAC Qwen refuses in Chinese, and it reads as written.
        await Assertions.Expect(ByTestId(page, "text-APAC")).ToContainTextAsync("抱歉", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "text-US")).ToContainTextAsync("Tiananmen", new() { Timeout = Patience });
        await Assertions.Expect(page.Locator("[data-testid='answer-comparison'] ins, [data-testid='answer-comparison'] del")).ToHaveCountAsync(0);
        await Assertions.Expect(ByTestId(page, "baseline-badge")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "compare-plain-1440");

        // Word differences on: answers that share little with the baseline are shown whole, and say so.
        await page.GetByText("Mark word differences").ClickAsync();
        await Assertions.Expect(ByTestId(page, "column-US").Locator("[data-testid='baseline-badge']")).ToBeVisibleAsync(new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "whole-APAC")).ToContainTextAsync("Mostly different from US", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "text-APAC")).ToContainTextAsync("抱歉");
        await Assertions.Expect(ByTestId(page, "column-APAC").Locator("del")).ToHaveCountAsync(0);
        await BrowserSession.ScreenshotAsync(page, "compare-diff-1440");

        // A repeat chip shows that repeat in its column, on this page.
        var before = page.Url;
        await ByTestId(page, "repeat-US-2").ClickAsync();
        await Assertions.Expect(ByTestId(page, "repeat-US-2")).ToHaveAttributeAsync("aria-pressed", "true", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "column-US")).ToContainTextAsync("(repeat 2)");
        Assert.Equal(before, page.Url);
        Assert.Contains("diff=words", page.Url, StringComparison.Ordinal);

        // Previous / next question, in the job's order.
        await Assertions.Expect(ByTestId(page, "question-position")).ToHaveTextAsync("2 of 4");
        await ByTestId(page, "next-question").ClickAsync();
        await Assertions.Expect(ByTestId(page, "question-text")).ToContainTextAsync("Taiwan", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "question-position")).ToHaveTextAsync("3 of 4");
        // The emulated Qwen deflects in both the US and Europe: same words, marked as such.
        await Assertions.Expect(ByTestId(page, "diff-stats-EU")).ToContainTextAsync("same words", new() { Timeout = Patience });
        await ByTestId(page, "previous-question").ClickAsync();
        await Assertions.Expect(ByTestId(page, "question-position")).ToHaveTextAsync("2 of 4", new() { Timeout = Patience });
        await ByTestId(page, "previous-question").ClickAsync();
        await Assertions.Expect(ByTestId(page, "question-position")).ToHaveTextAsync("1 of 4", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "previous-question")).ToBeDisabledAsync();

        // The pickers search: a question by words of its text, a model by part of its name.
        await SearchAndPickAsync(page, "pick-question", "Hong Kong", "hongkong_2019");
        await Assertions.Expect(ByTestId(page, "question-text")).ToContainTextAsync("Hong Kong", new() { Timeout = Patience });
        await SearchAndPickAsync(page, "pick-model", "llam", "llama3.2-1b");
        await Assertions.Expect(ByTestId(page, "question-scope")).ToContainTextAsync("llama3.2-1b in every region", new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "compare-picked-1440");

        // On a phone nothing is wider than the screen, and the charts keep legible labels.
        var phone = await PageAsync(beacon.Url, 390, 844);
        await phone.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/compare?question=tiananmen_neutral&model=qwen2.5-1.5b&diff=words").ToString());
        await WaitForInteractivityAsync(phone);
        await Assertions.Expect(ByTestId(phone, "whole-APAC")).ToBeVisibleAsync(new() { Timeout = Patience });
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the comparison is wider than a 390 px screen");
        await BrowserSession.ScreenshotAsync(phone, "compare-phone-390");

        await phone.GotoAsync(new Uri(beacon.Url, $"jobs/{id}/statistics").ToString());
        await WaitForInteractivityAsync(phone);
        await Assertions.Expect(ByTestId(phone, "hm-qwen2.5-1.5b-tiananmen_neutral-APAC")).ToBeVisibleAsync(new() { Timeout = Patience });
        Assert.True(await phone.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth"),
            "the statistics page is wider than a 390 px screen");
        var smallest = await phone.EvaluateAsync<double>(
            "() => Math.min(...[...document.querySelectorAll('.beacon-chart-svg text')].map(t => parseFloat(getComputedStyle(t).fontSize) * t.ownerSVGElement.getScreenCTM().a))");
        Assert.True(smallest >= 11, $"a chart label is drawn at {smallest:0.#} px on a phone");
        await BrowserSession.ScreenshotAsync(phone, "statistics-phone-390");
        var heatmapFits = await phone.EvaluateAsync<bool>(
            "() => { const t = document.querySelector(\"[data-testid='heatmap-qwen2.5-1.5b']\"); return t.getBoundingClientRect().right <= window.innerWidth; }");
        Assert.True(heatmapFits, "the three-region heatmap does not fit a 390 px screen");
    }

    [Fact]
    public async Task TheThemeFollowsTheSystemUntilChosenAndTheChoiceSurvivesAReload()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        var dark = await PageAsync(beacon.Url, 1440, 900, ColorScheme.Dark);
        await dark.GotoAsync(new Uri(beacon.Url, "jobs").ToString());
        await WaitForInteractivityAsync(dark);
        await Assertions.Expect(ByTestId(dark, "theme-toggle")).ToHaveAttributeAsync("data-theme", "dark", new() { Timeout = Patience });

        await ByTestId(dark, "theme-toggle").ClickAsync();
        await Assertions.Expect(ByTestId(dark, "theme-toggle")).ToHaveAttributeAsync("data-theme", "light", new() { Timeout = Patience });
        await dark.ReloadAsync();
        await WaitForInteractivityAsync(dark);
        await Assertions.Expect(ByTestId(dark, "theme-toggle")).ToHaveAttributeAsync("data-theme", "light", new() { Timeout = Patience });

        // Choosing what the system says again follows the system from then on.
        await ByTestId(dark, "theme-toggle").ClickAsync();
        await Assertions.Expect(ByTestId(dark, "theme-toggle")).ToHaveAttributeAsync("data-theme", "dark", new() { Timeout = Patience });
        // The toggle re-renders before the browser's storage is updated: wait for the kept choice to be dropped.
        await dark.WaitForFunctionAsync("() => localStorage.getItem('beacon-theme') === null", null, new() { Timeout = Patience });
        await dark.EmulateMediaAsync(new PageEmulateMediaOptions { ColorScheme = ColorScheme.Light });
        await Assertions.Expect(ByTestId(dark, "theme-toggle")).ToHaveAttributeAsync("data-theme", "light", new() { Timeout = Patience });

        var light = await PageAsync(beacon.Url, 1440, 900);
        await light.GotoAsync(new Uri(beacon.Url, "jobs").ToString());
        await WaitForInteractivityAsync(light);
        await Assertions.Expect(ByTestId(light, "theme-toggle")).ToHaveAttributeAsync("data-theme", "light", new() { Timeout = Patience });
    }

    [Fact]
    public async Task SharingTakesOneClickOrEnterAndTheJobPageSaysWhyRetryIsOffAndHowLongItTook()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        foreach (var email in new[] { "ann@beacon.test", "bob@beacon.test" })
        {
            (await http.PostAsJsonAsync("api/users", new { email, password = "user-password-12", role = "Researcher" })).EnsureSuccessStatusCode();
        }

        // The estimate uses the emulator's configured latency: a 48-execution job takes seconds, not minutes.
        var estimate = await (await http.PostAsJsonAsync("api/jobs/estimate", Job)).Content.ReadFromJsonAsync<JsonElement>();
        var estimated = estimate.GetProperty("estimatedDurationSeconds").GetDouble();
        Assert.InRange(estimated, 0.1, 10);
        var id = await FinishedJobAsync(http, Job);

        var page = await PageAsync(beacon.Url, 1440, 900);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "estimated-vs-actual")).ToContainTextAsync("took", new() { Timeout = Patience });
        await Assertions.Expect(ByTestId(page, "retry-failed")).ToBeDisabledAsync();
        await Assertions.Expect(ByTestId(page, "retry-failed-reason")).ToContainTextAsync("nothing to retry");

        // Sharing sits in the folded "Parameters and sharing" panel under the results; Enter in the field shares.
        await page.Locator("[data-testid='fold-parameters'] > summary").ClickAsync();
        var field = InputOf(page, "share-email");
        await field.FillAsync("ann@beacon.test");
        await field.PressAsync("Enter");
        await Assertions.Expect(page.Locator("[data-testid='job-share']", new() { HasTextString = "ann@beacon.test" })).ToBeVisibleAsync(new() { Timeout = Patience });

        // One click on Share shares, straight after typing.
        await field.FillAsync("bob@beacon.test");
        await ByTestId(page, "share-button").ClickAsync();
        await Assertions.Expect(page.Locator("[data-testid='job-share']", new() { HasTextString = "bob@beacon.test" })).ToBeVisibleAsync(new() { Timeout = Patience });
        await BrowserSession.ScreenshotAsync(page, "job-shared-1440");
    }
}
