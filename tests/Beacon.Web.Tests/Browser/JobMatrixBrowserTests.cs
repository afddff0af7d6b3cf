using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Beacon.Web.Tests.Processes;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The job page's results matrix in a real Chromium: filters and search (English and Chinese) kept in the address,
/// a cell opened in place, and screenshots at desktop (1440x900) and phone (390x844) sizes.
/// </summary>
public sealed class JobMatrixBrowserTests : IAsyncLifetime
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);
    private TestDatabase _db = null!;
    private BrowserSession _browser = null!;

    private static readonly Dictionary<string, string?> Emulator = new()
    {
        ["Beacon:Emulator:MinLatencyMs"] = "20",
        ["Beacon:Emulator:MaxLatencyMs"] = "60",
        ["Beacon:Emulator:ColdStartMs"] = "0",
        ["Beacon:Emulator:ServerErrorRate"] = "0",
        ["Beacon:Emulator:RateLimitRate"] = "0",
        ["Beacon:Emulator:HandOffRate"] = "0",
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

    private static async Task WaitForInteractivityAsync(IPage page)
    {
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        await page.WaitForFunctionAsync("() => window.Blazor !== undefined && document.querySelector('[data-testid]') !== null");
        await page.WaitForTimeoutAsync(500);
    }

    /// <summary>MudBlazor puts the test id on the input itself (or, in other versions, on its wrapper).</summary>
    private static ILocator SearchBox(IPage page) => page.Locator("input[data-testid='matrix-search'], [data-testid='matrix-search'] input").First;

    private static float Timeout => (float)Patience.TotalMilliseconds;

    [Fact]
    public async Task FiltersAndSearchNarrowTheMatrixAreKeptInTheAddressAndACellOpensInPlace()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, Emulator);
        using var http = await beacon.CreateAdminClientAsync();
        var created = await http.PostAsJsonAsync("api/jobs", new
        {
            name = "matrix",
            questionIds = new[] { "math_basic", "math_basic_zh", "tiananmen_neutral", "tiananmen_neutral_zh" },
            models = new[] { "qwen2.5-1.5b", "llama3.2-1b" },
            regions = new[] { "US", "APAC" },
            repeats = 2,
        });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => (await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}")).GetProperty("status").GetString(),
            s => s == "completed", TimeSpan.FromSeconds(90), "the job to complete");

        var page = await _browser.NewSignedInPageAsync(beacon.Url);
        await page.SetViewportSizeAsync(1440, 900);
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/{id}").ToString());
        await WaitForInteractivityAsync(page);

        // The matrix is the first thing under the header: questions by category, a question's Chinese variant beside it.
        await Assertions.Expect(ByTestId(page, "matrix-range")).ToHaveTextAsync("Questions 1-4 of 4");
        var rows = page.Locator("[data-testid^='matrix-row-']");
        Assert.Equal(["matrix-row-math_basic", "matrix-row-math_basic_zh", "matrix-row-tiananmen_neutral", "matrix-row-tiananmen_neutral_zh"],
            await rows.EvaluateAllAsync<string[]>("rs => rs.map(r => r.dataset.testid)"));
        var refused = ByTestId(page, "matrix-cell-tiananmen_neutral_zh-qwen2.5-1.5b-APAC");
        await Assertions.Expect(refused).ToContainTextAsync("2/2 refusal");
        await Assertions.Expect(refused).ToContainTextAsync("抱歉");
        await Assertions.Expect(ByTestId(page, "refusals-tiananmen_neutral_zh")).ToBeVisibleAsync();
        var matrixTop = (await ByTestId(page, "matrix").BoundingBoxAsync())!.Y;
        Assert.True(matrixTop < 900, $"the matrix starts within the first screen (at {matrixTop} px)");
        await BrowserSession.ScreenshotAsync(page, "matrix-desktop");

        // Class: only questions with a refusal; the address says so.
        await ByTestId(page, "matrix-class").SelectOptionAsync("Refusal");
        await Assertions.Expect(ByTestId(page, "matrix-row-math_basic")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(ByTestId(page, "matrix-row-tiananmen_neutral_zh")).ToBeVisibleAsync();
        Assert.Contains("class=Refusal", page.Url, StringComparison.Ordinal);

        // Language: the Chinese variants only.
        await ByTestId(page, "matrix-language").SelectOptionAsync("zh-Hans");
        await Assertions.Expect(ByTestId(page, "matrix-row-tiananmen_neutral")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(ByTestId(page, "matrix-range")).ToHaveTextAsync("Questions 1-1 of 1 matching (of 4)");
        await ByTestId(page, "matrix-clear").ClickAsync();
        await Assertions.Expect(ByTestId(page, "matrix-range")).ToHaveTextAsync("Questions 1-4 of 4", new() { Timeout = Timeout });

        // Regions disagree: qwen refuses in APAC only; 2+2 is answered alike everywhere.
        await ByTestId(page, "matrix-regions-disagree").CheckAsync();
        await Assertions.Expect(ByTestId(page, "matrix-row-math_basic")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        Assert.Contains("disagree=regions", page.Url, StringComparison.Ordinal);
        await ByTestId(page, "matrix-regions-disagree").UncheckAsync();

        // Search in Chinese: two characters, no trigram to use, still found.
        await SearchBox(page).FillAsync("抱歉");
        await Assertions.Expect(ByTestId(page, "matrix-row-math_basic")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await Assertions.Expect(ByTestId(page, "matrix-row-tiananmen_neutral_zh")).ToBeVisibleAsync();
        await BrowserSession.ScreenshotAsync(page, "matrix-search-chinese");

        // The view survives a reload: the address holds it.
        await page.ReloadAsync();
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(SearchBox(page)).ToHaveValueAsync("抱歉");
        await Assertions.Expect(ByTestId(page, "matrix-row-math_basic")).ToHaveCountAsync(0);

        // Search in English, then open a cell: every repeat's full answer, with a link to the execution.
        await SearchBox(page).FillAsync("2 + 2");
        await Assertions.Expect(ByTestId(page, "matrix-row-tiananmen_neutral_zh")).ToHaveCountAsync(0, new() { Timeout = Timeout });
        await SearchBox(page).FillAsync("");
        await Assertions.Expect(ByTestId(page, "matrix-range")).ToHaveTextAsync("Questions 1-4 of 4", new() { Timeout = Timeout });
        await refused.ClickAsync();
        var open = ByTestId(page, "matrix-open");
        await Assertions.Expect(open.Locator("[data-testid^='answer-']")).ToHaveCountAsync(2, new() { Timeout = Timeout });
        await Assertions.Expect(ByTestId(page, "answer-0")).ToContainTextAsync("抱歉，我无法回答这个问题。");
        var link = open.Locator("[data-testid^='execution-link-']").First;
        Assert.Matches("^/executions/[0-9]+$", await link.GetAttributeAsync("href"));
        await BrowserSession.ScreenshotAsync(page, "matrix-open-cell");

        // Parameters, lanes and cost are folded below.
        Assert.Null(await ByTestId(page, "fold-cost").GetAttributeAsync("open"));

        await page.SetViewportSizeAsync(390, 844);
        await page.WaitForTimeoutAsync(300);
        await BrowserSession.ScreenshotAsync(page, "matrix-phone");
    }
}
