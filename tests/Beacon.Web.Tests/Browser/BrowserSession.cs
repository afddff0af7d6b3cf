using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Web.Tests.Browser;

/// <summary>
/// Headless Chromium from Debian's package (Playwright cannot download browsers here), driven by Playwright.
/// Screenshots go to artifacts/screenshots (kept as test artifacts, not committed).
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly IPlaywright _playwright;

    private BrowserSession(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        Browser = browser;
    }

    public IBrowser Browser { get; }

    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    public static async Task<BrowserSession> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BEACON_CHROMIUM");
        if (string.IsNullOrWhiteSpace(executable))
        {
            executable = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
                : throw new InvalidOperationException("Chromium not found: install Debian's chromium package (scripts/test.sh does) or set BEACON_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
        });
        return new BrowserSession(playwright, browser);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(30_000);
        return page;
    }

    /// <summary>A new page signed in through the real sign-in form (the administrator unless told otherwise).</summary>
    public async Task<IPage> NewSignedInPageAsync(Uri baseUrl, string email = BeaconProcess.AdminEmail, string password = BeaconProcess.AdminPassword)
    {
        var page = await NewPageAsync();
        await SignInAsync(page, baseUrl, email, password);
        return page;
    }

    public static async Task SignInAsync(IPage page, Uri baseUrl, string email, string password)
    {
        await page.GotoAsync(new Uri(baseUrl, "account/login").ToString());
        await page.Locator("[data-testid='login-email']").FillAsync(email);
        await page.Locator("[data-testid='login-password']").FillAsync(password);
        await page.Locator("[data-testid='login-submit']").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
    }

    public static async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, name + ".png"), FullPage = true });

    public async ValueTask DisposeAsync()
    {
        await Browser.DisposeAsync();
        _playwright.Dispose();
    }

    private static string FindScreenshotDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Beacon.Web.sln")))
            {
                var path = Path.Combine(dir.FullName, "artifacts", "screenshots");
                Directory.CreateDirectory(path);
                return path;
            }
        }
        var fallback = Path.Combine(Path.GetTempPath(), "beacon-screenshots");
        Directory.CreateDirectory(fallback);
        return fallback;
    }
}
