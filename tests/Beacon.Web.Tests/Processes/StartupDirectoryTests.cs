using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Web.Tests.Processes;

/// <summary>Beacon started from a directory other than its own, as `dotnet path/to/Beacon.Web.dll` from anywhere.</summary>
public sealed class StartupDirectoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private string _elsewhere = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _elsewhere = Directory.CreateTempSubdirectory("beacon-cwd-").FullName;
    }

    public async Task DisposeAsync()
    {
        await _db.DisposeAsync();
        Directory.Delete(_elsewhere, recursive: true);
    }

    [Fact]
    public async Task SettingsAndStaticFilesAreFoundAndAJobLogsNothingPerExecution()
    {
        await using var beacon = await BeaconProcess.StartAsync(_db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:MinLatencyMs"] = "0",
            ["Beacon:Emulator:MaxLatencyMs"] = "10",
            ["Beacon:Emulator:ColdStartMs"] = "100",
        }, workingDirectory: _elsewhere);
        using var http = await beacon.CreateAdminClientAsync();

        using (var script = await http.GetAsync("_framework/blazor.web.js"))
        {
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        }

        var created = await http.PostAsJsonAsync("api/jobs", new { questionIds = new[] { "math_basic", "taiwan_status" }, models = new[] { "qwen2.5-1.5b", "mistral-7b" }, regions = new[] { "US", "APAC" }, repeats = 3 });
        created.EnsureSuccessStatusCode();
        var id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.WaitForAsync(async () => await http.GetFromJsonAsync<JsonElement>($"api/jobs/{id}"),
            j => j.GetProperty("status").GetString() == "completed", TimeSpan.FromSeconds(90), "the job to complete");

        // The filters below live only in appsettings.json: without it every category logs at Information, which
        // writes HTTP client, EF Core command and Hangfire lines for each of the 24 executions.
        var lines = beacon.Output.Split('\n');
        Assert.DoesNotContain(lines, l => l.Contains("System.Net.Http.HttpClient", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("Executed DbCommand", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.StartsWith("info: Hangfire", StringComparison.Ordinal));
    }
}
