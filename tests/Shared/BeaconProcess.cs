using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Beacon.Tests.Shared;

/// <summary>
/// Beacon started for real as its own OS process (the built Beacon.Web.dll), on a loopback port, as an operator
/// would run a web process or an extra worker. Output is kept for failure messages. Every process is configured with the
/// same first administrator (<see cref="AdminEmail"/>); <see cref="CreateAdminClientAsync"/> signs in over HTTP for a token.
/// </summary>
public sealed class BeaconProcess : IAsyncDisposable
{
    /// <summary>The administrator every test process creates on an empty database. Test-only credentials.</summary>
    public const string AdminEmail = "admin@beacon.test";
    public const string AdminPassword = "test-admin-password";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private BeaconProcess(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }
    public int ProcessId => _process.Id;
    public bool HasExited => _process.HasExited;

    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    public TimeSpan CpuTime
    {
        get
        {
            _process.Refresh();
            return _process.TotalProcessorTime;
        }
    }

    public long WorkingSetBytes
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <param name="workingDirectory">Where the process starts; the directory of Beacon.Web.dll unless given.</param>
    public static async Task<BeaconProcess> StartAsync(
        string connectionString, IReadOnlyDictionary<string, string?>? settings = null, string? workingDirectory = null)
    {
        var port = FreePort();
        var url = new Uri($"http://127.0.0.1:{port}/");
        var info = new ProcessStartInfo("dotnet")
        {
            ArgumentList = { WebAssemblyPath(), "--urls", url.ToString().TrimEnd('/') },
            WorkingDirectory = workingDirectory ?? Path.GetDirectoryName(WebAssemblyPath())!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        info.Environment["ConnectionStrings__Beacon"] = connectionString;
        info.Environment["Beacon__Database__MigrateOnStartup"] = "true";
        info.Environment["Beacon__Worker__WriteBatchDelayMs"] = "5";
        info.Environment["Logging__Console__FormatterName"] = "simple";
        info.Environment["Beacon__Admin__Email"] = AdminEmail;
        info.Environment["Beacon__Admin__Password"] = AdminPassword;
        // Tests and benchmarks submit far more than a person would; the limits have their own test.
        info.Environment["Beacon__RateLimits__SubmissionPermitLimit"] = "100000";
        info.Environment["Beacon__RateLimits__SignInPermitLimit"] = "100000";
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            info.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var self = new BeaconProcess(process, url);
        process.OutputDataReceived += (_, e) => self.Append(e.Data);
        process.ErrorDataReceived += (_, e) => self.Append(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        using var http = new HttpClient { BaseAddress = url, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddSeconds(180);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"Beacon exited with code {process.ExitCode} during start-up:\n{self.Output}");
            }
            try
            {
                if ((await http.GetAsync("health")).StatusCode == HttpStatusCode.OK)
                {
                    return self;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            await Task.Delay(250);
        }
        await self.DisposeAsync();
        throw new TimeoutException($"Beacon did not answer /health within 180 s:\n{self.Output}");
    }

    /// <summary>A personal access token of the administrator, obtained as a script would: POST /api/auth/token.</summary>
    public async Task<string> CreateAdminTokenAsync(string name = "tests")
    {
        using var http = new HttpClient { BaseAddress = Url, Timeout = TimeSpan.FromSeconds(30) };
        var body = JsonSerializer.Serialize(new { email = AdminEmail, password = AdminPassword, name });
        using var response = await http.PostAsync("api/auth/token", new StringContent(body, Encoding.UTF8, "application/json"));
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST /api/auth/token answered {(int)response.StatusCode}: {text}");
        }
        return JsonDocument.Parse(text).RootElement.GetProperty("token").GetString()!;
    }

    /// <summary>An HTTP client for this process that acts as the administrator (bearer token).</summary>
    public async Task<HttpClient> CreateAdminClientAsync(TimeSpan? timeout = null)
    {
        var token = await CreateAdminTokenAsync();
        var http = new HttpClient { BaseAddress = Url, Timeout = timeout ?? TimeSpan.FromSeconds(100) };
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return http;
    }

    /// <summary>Ends the process at once, as a crash or `kill -9` would.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            // Ask politely first (SIGTERM: the host shuts down, Hangfire hands lanes back), then insist.
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await term.WaitForExitAsync();
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            try
            {
                await _process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
            }
        }
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The Beacon.Web.dll built alongside these tests (same configuration).</summary>
    private static string WebAssemblyPath()
    {
        var testDir = AppContext.BaseDirectory;
        var configuration = testDir.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";
        for (var dir = new DirectoryInfo(testDir); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Beacon.Web", "bin", configuration, "net10.0", "Beacon.Web.dll");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException($"Beacon.Web.dll ({configuration}) not found above {testDir}; build the solution first.");
    }
}
