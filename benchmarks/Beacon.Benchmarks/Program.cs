using System.Diagnostics;
using System.Globalization;
using System.Text;
using Beacon.Benchmarks;

// Usage: dotnet run -c Release --project benchmarks/Beacon.Benchmarks -- [all|classifier|throughput|latency|push|memory|submit|matrix|export|million] [--executions N] [--export-executions N] [--matrix-executions N] [--size N]
// Needs a local PostgreSQL: scripts/benchmark.sh prepares it and runs this.
var at = Array.IndexOf(args, "--label");
var label = at >= 0 && at + 1 < args.Length ? args[at + 1] : null;
var commandArgs = label is null ? args : args.Where((_, i) => i != at && i != at + 1).ToArray();
var scenario = commandArgs.FirstOrDefault(a => !a.StartsWith("--", StringComparison.Ordinal)) ?? "all";
var executions = ArgValue("--executions", 10_000);
var admin = Environment.GetEnvironmentVariable("BEACON_BENCH_POSTGRES")
    ?? throw new InvalidOperationException("Set BEACON_BENCH_POSTGRES (scripts/benchmark.sh does).");

var loadAtStart = LoadAverage();
var scenarios = new Scenarios(admin, line => Console.Error.WriteLine("  " + line));
var results = new List<Measurement>();
if (scenario is "all" or "classifier")
{
    results.Add(ClassifierCost.Measure(TimeSpan.FromSeconds(5)));
}
if (scenario is "all" or "throughput")
{
    results.AddRange(await scenarios.ThroughputAsync(executions));
}
if (scenario is "all" or "latency")
{
    results.AddRange(await scenarios.LatencyEfficiencyAsync(latencyMs: 200, concurrency: 4, repeats: 10));
}
if (scenario is "all" or "push")
{
    results.AddRange(await scenarios.LivePushAsync(executions, latencyMs: ArgValue("--push-latency-ms", 100), concurrency: ArgValue("--push-concurrency", 16)));
}
if (scenario is "all" or "memory")
{
    results.AddRange(await scenarios.MemoryAsync(12_600, pages: ArgValue("--pages", 4)));
}
if (scenario is "all" or "submit")
{
    results.AddRange(await scenarios.SubmissionAsync(12_600, runs: 5));
}
if (scenario is "all" or "matrix")
{
    results.AddRange(await scenarios.MatrixAsync(ArgValue("--matrix-executions", 100_000), pages: ArgValue("--pages", 4)));
}
if (scenario is "million")
{
    // Not part of "all": a full run takes several minutes and ~1 GB of disk. --size 100000 for development.
    results.AddRange(await scenarios.MillionAsync(ArgValue("--size", 1_000_000)));
}
if (scenario is "all" or "export")
{
    results.AddRange(await scenarios.ExportAsync(ArgValue("--export-executions", 100_000)));
}

var table = new StringBuilder();
table.AppendLine("| scenario | metric | value | target | met |");
table.AppendLine("|---|---|---:|---|---|");
foreach (var m in results)
{
    table.AppendLine(CultureInfo.InvariantCulture, $"| {m.Scenario} | {m.Metric} | {m.Value:0.###} {m.Unit} | {m.Target} | {(m.Met is null ? "" : m.Met.Value ? "yes" : "NO")} |");
}
Console.WriteLine(table);

var doc = FindRepoFile("docs/benchmarks.md");
var entry = new StringBuilder();
entry.AppendLine(CultureInfo.InvariantCulture, $"\n### {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC{(label is null ? "" : ", " + label)}, `scripts/benchmark.sh {string.Join(' ', commandArgs)}`\n");
entry.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Machine()}. Load average (1, 5, 15 min) at start {loadAtStart}, at end {LoadAverage()} (shared machine).\n");
entry.Append(table);
await File.AppendAllTextAsync(doc, entry.ToString());
Console.Error.WriteLine($"Appended to {doc}");

int ArgValue(string name, int fallback)
{
    var i = Array.IndexOf(args, name);
    return i >= 0 && i + 1 < args.Length ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : fallback;
}

static string LoadAverage() =>
    File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

static string Machine()
{
    var cpu = File.Exists("/proc/cpuinfo")
        ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim()
        : null;
    var memory = File.Exists("/proc/meminfo")
        ? File.ReadLines("/proc/meminfo").First().Split(':', 2)[1].Trim()
        : "?";
    var postgres = Run("psql", "--version");
    return $"{Environment.ProcessorCount} cores ({cpu ?? "unknown CPU"}), {memory} RAM, .NET {Environment.Version}, {postgres}";
}

static string Run(string file, string arguments)
{
    try
    {
        using var p = Process.Start(new ProcessStartInfo(file, arguments) { RedirectStandardOutput = true })!;
        var output = p.StandardOutput.ReadToEnd().Trim();
        p.WaitForExit();
        return output;
    }
    catch (System.ComponentModel.Win32Exception)
    {
        return file + " not found";
    }
}

static string FindRepoFile(string relative)
{
    for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
    {
        if (File.Exists(Path.Combine(dir.FullName, "Beacon.Web.sln")))
        {
            return Path.Combine(dir.FullName, relative);
        }
    }
    throw new FileNotFoundException("Repository root not found.");
}
