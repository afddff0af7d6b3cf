using System.Globalization;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// The New job form with a large imported set (issue 16): at phone width the models, regions and summary come first, a
/// skip link reaches them, every control shows its keyboard focus; at desktop width the question list costs a few dozen
/// Tab presses, not hundreds.
/// </summary>
public sealed class NewJobBrowserTests : IAsyncLifetime
{
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

    /// <summary>1,400 questions in 70 categories, names in their own case (one in Chinese).</summary>
    private static async Task<Guid> ImportLargeSetAsync(HttpClient admin)
    {
        var csv = new StringBuilder("id,category,text\n");
        for (var i = 1; i <= 1400; i++)
        {
            var category = (i % 70) switch { 0 => "PRC politics", 1 => "台湾", var n => $"Topic {n:00}" };
            csv.Append(CultureInfo.InvariantCulture, $"cp-{i:0000},{category},Imported question number {i} on {category}?\n");
        }
        using var response = await admin.PostAsync("api/datasets?name=China%20prompts", new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"));
        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    private static Task<string?> FocusedTestIdAsync(IPage page) =>
        page.EvaluateAsync<string?>("() => document.activeElement?.closest('[data-testid]')?.getAttribute('data-testid') ?? document.activeElement?.id");

    /// <summary>The outline the focused element (or, for a checkbox's hidden input, its icon button) draws.</summary>
    private static Task<string> FocusOutlineAsync(IPage page) =>
        page.EvaluateAsync<string>("""
            () => {
              const el = document.activeElement;
              const shown = el.matches('input') ? (el.closest('.mud-button-root') ?? el) : el;
              const style = getComputedStyle(shown);
              return `${style.outlineStyle} ${style.outlineWidth}`;
            }
            """);

    [Fact]
    public async Task OnAPhoneTheSettingsComeFirstASkipLinkReachesThemAndFocusIsVisible()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString);
        using var admin = await beacon.CreateAdminClientAsync();
        var set = await ImportLargeSetAsync(admin);
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 390, Height = 844 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await BrowserSession.SignInAsync(page, beacon.Url, BeaconProcess.AdminEmail, BeaconProcess.AdminPassword);

        // "New job" from the Datasets page: exactly the set, shown.
        await page.GotoAsync(new Uri(beacon.Url, $"jobs/new?set={set}").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "selected-question-count")).ToContainTextAsync("1,400 of 1,416 selected");
        await Assertions.Expect(ByTestId(page, "shown-summary")).ToContainTextAsync("1,400 questions in China prompts, 70 categories");

        // One column: models/regions, then the summary with Submit, then the questions.
        var settings = (await ByTestId(page, "job-settings").BoundingBoxAsync())!;
        var summary = (await ByTestId(page, "job-summary").BoundingBoxAsync())!;
        var questions = (await ByTestId(page, "questions-panel").BoundingBoxAsync())!;
        Assert.True(settings.Y < summary.Y && summary.Y < questions.Y, $"settings {settings.Y}, summary {summary.Y}, questions {questions.Y}");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-phone-top.png") });

        // The first Tab after the page's heading shows the skip link; Enter moves the focus to the models.
        await page.Keyboard.PressAsync("Tab");
        for (var i = 0; i < 10 && await FocusedTestIdAsync(page) != "skip-to-settings"; i++)
        {
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Equal("skip-to-settings", await FocusedTestIdAsync(page));
        var link = (await ByTestId(page, "skip-to-settings").BoundingBoxAsync())!;
        Assert.True(link.Y >= 0 && link.Y < 844, $"skip link at y={link.Y}");
        Assert.Equal("solid 3px", await FocusOutlineAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-phone-skip-link.png") });
        await page.Keyboard.PressAsync("Enter");
        await Assertions.Expect(page.Locator("#job-settings")).ToBeFocusedAsync();

        // Next: the first model's checkbox, with a visible ring.
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("model-llama3.2-1b", await FocusedTestIdAsync(page));
        Assert.Equal("solid 3px", await FocusOutlineAsync(page));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-phone-focus-model.png") });

        // A category's "Select all" shows its focus too, and the category keeps the case it was imported with.
        await ByTestId(page, "toggle-PRC politics").FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        Assert.Equal("select-all-PRC politics", await FocusedTestIdAsync(page));
        Assert.Equal("solid 3px", await FocusOutlineAsync(page));
        var name = ByTestId(page, "toggle-PRC politics").Locator(".beacon-category-name");
        await Assertions.Expect(name).ToHaveTextAsync("PRC politics");
        Assert.Equal("none", await name.EvaluateAsync<string>("e => getComputedStyle(e).textTransform"));
        await ByTestId(page, "select-all-PRC politics").ScrollIntoViewIfNeededAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-phone-focus-select-all.png") });
    }

    [Fact]
    public async Task AtDesktopWidthTheQuestionListCostsFewTabPressesAndSearchFindsText()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString);
        using var admin = await beacon.CreateAdminClientAsync();
        await ImportLargeSetAsync(admin);
        var context = await _browser.Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1440, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        await BrowserSession.SignInAsync(page, beacon.Url, BeaconProcess.AdminEmail, BeaconProcess.AdminPassword);
        await page.GotoAsync(new Uri(beacon.Url, "jobs/new").ToString());
        await WaitForInteractivityAsync(page);
        await Assertions.Expect(ByTestId(page, "shown-summary")).ToContainTextAsync("1,416 questions in all sets");

        // From the first category to the first model, by Tab alone.
        var first = page.Locator(".beacon-category-toggle").First;
        await first.FocusAsync();
        var presses = 0;
        while (await FocusedTestIdAsync(page) != "model-llama3.2-1b" && presses < 400)
        {
            await page.Keyboard.PressAsync("Tab");
            presses++;
        }
        Assert.InRange(presses, 1, 40);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-desktop-large-set.png") });

        await ByTestId(page, "question-search").FillAsync("number 1234 on");
        await Assertions.Expect(ByTestId(page, "shown-summary")).ToContainTextAsync("1 question matching");
        await Assertions.Expect(ByTestId(page, "question-cp-1234")).ToBeVisibleAsync();
        await ByTestId(page, "question-cp-1234").CheckAsync();
        await ByTestId(page, "question-search").FillAsync("");
        await ByTestId(page, "selected-only").CheckAsync();
        await Assertions.Expect(ByTestId(page, "shown-summary")).ToContainTextAsync("1 selected question in all sets");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserSession.ScreenshotDirectory, "new-job-desktop-selected-only.png") });
        Console.WriteLine($"Tab presses from the first category to the first model: {presses}");
    }
}
