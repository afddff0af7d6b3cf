using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Benchmarks;

/// <summary>
/// Each scenario starts Beacon for real (the built Beacon.Web.dll) on a fresh database. The emulated endpoints run in a
/// separate Beacon process, so the CPU measured for the Beacon under test is Beacon's own orchestration.
/// </summary>
public sealed class Scenarios(string adminConnectionString, Action<string> log)
{
    private static readonly string[] Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"];
    private static readonly string[] Regions = ["US", "EU", "APAC"];
    private static readonly string[] Questions =
        ["math_basic", "geography_basic", "identity_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019", "greatest_invention", "greatest_leader"];

    public async Task<List<Measurement>> ThroughputAsync(int executions)
    {
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs: 0);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency: 48);
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(5));

        var cpuBefore = beacon.CpuTime;
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(http, repeats);
        var toCreated = clock.Elapsed;
        var status = await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        var total = clock.Elapsed;
        var cpu = beacon.CpuTime - cpuBefore;
        var cells = 72 * repeats;
        log($"throughput: {cells} executions {status} in {total.TotalSeconds:F1}s (201 after {toCreated.TotalMilliseconds:F0} ms), Beacon CPU {cpu.TotalSeconds:F1}s");

        var perSecond = cells / total.TotalSeconds;
        var cpuPerExecution = cpu.TotalMilliseconds / cells;
        return
        [
            new("1. throughput, zero latency", $"executions/s ({cells} executions, submission to last row committed)", perSecond, "/s", ">= 1000", perSecond >= 1000),
            new("1. throughput, zero latency", "Beacon CPU per execution (web + worker process)", cpuPerExecution, "ms", "< 1 ms", cpuPerExecution < 1),
        ];
    }

    public async Task<List<Measurement>> LatencyEfficiencyAsync(int latencyMs, int concurrency, int repeats)
    {
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency);
        using var http = await beacon.CreateAdminClientAsync();

        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(http, repeats);
        await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        var actual = clock.Elapsed.TotalSeconds;
        var cells = 72 * repeats;
        // Each lane also makes one warm-up call per (model, region) before its cells.
        var ideal = cells * (latencyMs / 1000.0) / (concurrency * Regions.Length);
        var ratio = actual / ideal;
        log($"latency: {cells} executions at {latencyMs} ms, C={concurrency}: {actual:F1}s vs ideal {ideal:F1}s");
        return
        [
            new("2. efficiency with latency", $"actual / ideal makespan (L={latencyMs} ms, C={concurrency}/region, {cells} executions, ideal {ideal:F1} s)", ratio, "x", "<= 1.10", ratio <= 1.10),
        ];
    }

    public async Task<List<Measurement>> SubmissionAsync(int executions, int runs)
    {
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var beacon = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Jobs:MaxRepeats"] = "1000",
        });
        using var http = await beacon.CreateAdminClientAsync();
        await SubmitAsync(http, 1); // first request pays JIT and connection set-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await SubmitAsync(http, repeats);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        log($"submission: {72 * repeats} cells, time to 201: {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        return [new("5. submission", $"time to 201 for {72 * repeats} cells (median of {runs})", median, "ms", "(no target)", null)];
    }

    private static async Task<BeaconProcess> StartEmulatorAsync(BenchmarkDatabase db, int latencyMs)
    {
        var port = BeaconProcess.FreePort();
        var process = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:MinLatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:MaxLatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:ColdStartMs"] = "0",
            ["Beacon:Emulator:ServerErrorRate"] = "0",
            ["Beacon:Emulator:RateLimitRate"] = "0",
            ["Beacon:Emulator:HandOffRate"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        EmulatorPort = port;
        return process;
    }

    private static int EmulatorPort { get; set; }

    private static Task<BeaconProcess> StartBeaconAsync(BenchmarkDatabase db, BeaconProcess emulator, int concurrency)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Beacon:Jobs:MaxRepeats"] = "1000",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var region in Regions)
        {
            settings[$"Beacon:Endpoints:Regions:{region}:Url"] = $"http://127.0.0.1:{EmulatorPort}/{region.ToLowerInvariant()}/";
            settings[$"Beacon:Endpoints:Regions:{region}:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        }
        _ = emulator;
        return BeaconProcess.StartAsync(db.ConnectionString, settings);
    }

    private static async Task<Guid> SubmitAsync(HttpClient http, int repeats)
    {
        var response = await http.PostAsJsonAsync("api/jobs", new { questionIds = Questions, models = Models, regions = Regions, repeats });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Submission failed: {(int)response.StatusCode} {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<string> WaitForFinalAsync(BenchmarkDatabase db, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", id);
            if (status is "Completed" or "Failed" or "Cancelled")
            {
                return status;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"Job {id} did not finish within {timeout}.");
    }
}
