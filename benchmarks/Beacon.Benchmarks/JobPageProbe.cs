using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.Playwright;

namespace Beacon.Benchmarks;

/// <summary>
/// Headless Chromium (Debian's package: Playwright cannot download browsers here) with a probe script injected into
/// every page before Beacon's own scripts. The probe timestamps, with the page's clock
/// (performance.timeOrigin + performance.now(), milliseconds since the Unix epoch):
/// - every change of the job header's "succeeded" count (data-testid="count-succeeded"),
/// - every execution row (data-execution-id) whose data-status turns terminal while it is on screen,
/// - the first time the header appears (prerendered HTML) and the first time it is rendered again after page load
///   (the interactive render: Blazor replaces the prerendered markup once the circuit is up),
/// - the last click, so the time from a click to the rows it opens can be measured inside the page.
/// </summary>
public sealed class JobPageProbe : IAsyncDisposable
{
    private const string Script = """
        (() => {
          const now = () => performance.timeOrigin + performance.now();
          const log = { counts: [], rows: [], firstHeaderAt: 0, interactiveAt: 0, lastClickAt: 0, loaded: false };
          window.__beaconProbe = log;
          const terminal = new Set(['succeeded', 'failed', 'cancelled']);
          let last = -1;
          const readCount = t => {
            const el = document.querySelector('[data-testid="count-succeeded"]');
            if (!el) return;
            if (!log.firstHeaderAt) log.firstHeaderAt = t;
            const v = parseInt(el.textContent.replace(/[^0-9]/g, ''), 10);
            if (!Number.isNaN(v) && v !== last) { last = v; log.counts.push([v, t]); }
          };
          const containsHeader = node => node.nodeType === 1 && (node.matches('[data-testid="count-total"]') || node.querySelector('[data-testid="count-total"]'));
          const observer = new MutationObserver(records => {
            const t = now();
            for (const r of records) {
              if (r.type === 'attributes') {
                const el = r.target;
                const id = el.getAttribute('data-execution-id');
                if (id && terminal.has(el.getAttribute('data-status')) && !terminal.has(r.oldValue)) log.rows.push([Number(id), t]);
              } else if (r.type === 'childList' && log.loaded && !log.interactiveAt) {
                for (const n of r.addedNodes) { if (containsHeader(n)) { log.interactiveAt = t; break; } }
              }
            }
            readCount(t);
          });
          const start = () => {
            observer.observe(document.documentElement, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ['data-status'], attributeOldValue: true });
            readCount(now());
          };
          if (document.documentElement) start(); else document.addEventListener('readystatechange', start, { once: true });
          window.addEventListener('DOMContentLoaded', () => { readCount(now()); log.loaded = true; });
          document.addEventListener('click', () => { log.lastClickAt = now(); }, true);
          // Resolves with the time from the last click until at least n elements match the selector (or, with n = 0, none does).
          log.until = (selector, n) => new Promise(resolve => {
            const done = () => { const c = document.querySelectorAll(selector).length; return n === 0 ? c === 0 : c >= n; };
            if (done()) { resolve(now() - log.lastClickAt); return; }
            const o = new MutationObserver(() => { if (done()) { o.disconnect(); resolve(now() - log.lastClickAt); } });
            o.observe(document.body, { subtree: true, childList: true });
          });
        })();
        """;

    private readonly IPlaywright _playwright;
    private readonly IBrowser _browser;

    private JobPageProbe(IPlaywright playwright, IBrowser browser)
    {
        _playwright = playwright;
        _browser = browser;
    }

    public static async Task<JobPageProbe> StartAsync()
    {
        var executable = Environment.GetEnvironmentVariable("BEACON_CHROMIUM");
        if (string.IsNullOrWhiteSpace(executable))
        {
            executable = File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium"
                : throw new InvalidOperationException("Chromium not found: install Debian's chromium package or set BEACON_CHROMIUM.");
        }
        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executable,
            Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage"],
        });
        return new JobPageProbe(playwright, browser);
    }

    /// <summary>A page in its own browser context (its own cookies and its own Blazor circuit), signed in as the administrator.</summary>
    public async Task<IPage> NewPageAsync(Uri beaconUrl)
    {
        var context = await _browser.NewContextAsync(new BrowserNewContextOptions { ViewportSize = new ViewportSize { Width = 1400, Height = 1000 } });
        await context.AddInitScriptAsync(Script);
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(180_000);
        await page.GotoAsync(new Uri(beaconUrl, "account/login").ToString());
        await page.Locator("[data-testid='login-email']").FillAsync(BeaconProcess.AdminEmail);
        await page.Locator("[data-testid='login-password']").FillAsync(BeaconProcess.AdminPassword);
        await page.Locator("[data-testid='login-submit']").ClickAsync();
        await page.WaitForURLAsync(url => !url.Contains("/account/login", StringComparison.Ordinal));
        return page;
    }

    /// <summary>Opens a job page and waits for its interactive render. Returns (first header, interactive) in ms after navigation start.</summary>
    public static async Task<(double FirstRenderMs, double InteractiveMs)> OpenJobAsync(IPage page, Uri baseUrl, Guid jobId)
    {
        await page.GotoAsync(new Uri(baseUrl, $"jobs/{jobId}").ToString(), new PageGotoOptions { WaitUntil = WaitUntilState.Commit });
        await page.WaitForFunctionAsync("() => window.__beaconProbe && window.__beaconProbe.interactiveAt > 0", null,
            new PageWaitForFunctionOptions { PollingInterval = 20 });
        var times = await page.EvaluateAsync<double[]>(
            "() => [window.__beaconProbe.firstHeaderAt - performance.timeOrigin, window.__beaconProbe.interactiveAt - performance.timeOrigin]");
        return (times[0], times[1]);
    }

    /// <summary>Clicks a selector and returns the milliseconds (page clock) until the elements matching <paramref name="until"/> number at least n (n = 0: none).</summary>
    public static async Task<double> ClickAndWaitAsync(IPage page, string click, string until, int n)
    {
        var selector = JsonSerializer.Serialize(until);
        await page.EvaluateAsync($"() => {{ window.__beaconProbe.pending = window.__beaconProbe.until({selector}, {n}); }}");
        await page.ClickAsync(click);
        return await page.EvaluateAsync<double>("() => window.__beaconProbe.pending");
    }

    /// <summary>Offset of the page clock from this process's UTC clock, in ms, and its uncertainty (half the round trip).</summary>
    public static async Task<(double OffsetMs, double UncertaintyMs)> ClockOffsetAsync(IPage page)
    {
        var best = (Offset: 0.0, Uncertainty: double.MaxValue);
        for (var i = 0; i < 7; i++)
        {
            var before = UnixMs(DateTime.UtcNow);
            var pageNow = await page.EvaluateAsync<double>("() => performance.timeOrigin + performance.now()");
            var after = UnixMs(DateTime.UtcNow);
            var uncertainty = (after - before) / 2;
            if (uncertainty < best.Uncertainty)
            {
                best = (pageNow - (before + after) / 2, uncertainty);
            }
        }
        return best;
    }

    public static async Task<ProbeLog> ReadLogAsync(IPage page)
    {
        var json = await page.EvaluateAsync<JsonElement>("() => ({ counts: window.__beaconProbe.counts, rows: window.__beaconProbe.rows })");
        var counts = json.GetProperty("counts").EnumerateArray().Select(e => ((int)e[0].GetDouble(), e[1].GetDouble())).ToList();
        var rows = json.GetProperty("rows").EnumerateArray().Select(e => ((long)e[0].GetDouble(), e[1].GetDouble())).ToList();
        return new ProbeLog(counts, rows);
    }

    /// <summary>Seconds the page's main thread has spent on tasks (script, style, layout, paint...) since it started: CDP's TaskDuration.</summary>
    public static async Task<double> MainThreadBusySecondsAsync(ICDPSession metrics)
    {
        var result = await metrics.SendAsync("Performance.getMetrics");
        return result!.Value.GetProperty("metrics").EnumerateArray()
            .First(m => m.GetProperty("name").GetString() == "TaskDuration").GetProperty("value").GetDouble();
    }

    public static double UnixMs(DateTime utc) => (utc - DateTime.UnixEpoch).TotalMilliseconds;

    public async ValueTask DisposeAsync()
    {
        await _browser.DisposeAsync();
        _playwright.Dispose();
    }
}

/// <summary>What the probe saw: (succeeded count, page time) and (execution id, page time) pairs.</summary>
public sealed record ProbeLog(List<(int Value, double At)> Counts, List<(long Id, double At)> Rows);
