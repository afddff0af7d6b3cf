using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Core.Placement;
using Beacon.Core.Questions;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Jobs;

/// <summary>Each execution stores the raw placement and its verdict, end to end against the real PostgreSQL.</summary>
public sealed class PlacementLaneTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private static JobRequest Request() => new()
    {
        QuestionIds = BuiltInQuestions.All.Take(2).Select(q => q.Id).ToList(),
        Models = ["qwen2.5-1.5b"],
        Regions = ["US", "EU", "APAC"],
    };

    [Fact]
    public async Task ARegionTheEmulatorMisplacesIsStoredAsAMismatchWithItsRawPlacement()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:Misplace:APAC"] = "aws/us-east-1",
        });
        var job = await host.SubmitAsync(Request());

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.Equal(6, rows.Count);
        Assert.All(rows, r => Assert.Equal(ExecutionStatus.Succeeded, r.Status));
        Assert.All(rows, r => Assert.True(r.Emulated));
        var apac = rows.Where(r => r.Region == "APAC").ToList();
        Assert.All(apac, r => Assert.Equal(PlacementVerdict.Mismatch, r.PlacementVerdict));
        Assert.All(apac, r => Assert.Equal(("aws", "us-east-1"), (r.PlacementProvider, r.PlacementRegion)));
        Assert.All(apac, r => Assert.True(r.RegionMismatch));
        // The endpoint still says APAC: the label alone would have hidden it.
        Assert.All(apac, r => Assert.Equal("APAC", r.ReportedRegion));
        Assert.All(rows.Where(r => r.Region != "APAC"), r => Assert.Equal(PlacementVerdict.Verified, r.PlacementVerdict));
        Assert.All(rows.Where(r => r.Region != "APAC"), r => Assert.False(r.RegionMismatch));
        Assert.Contains(rows, r => r.Region == "EU" && r.PlacementProvider == "gcp" && r.PlacementRegion == "europe-west4-a");
    }

    [Fact]
    public async Task TheJobPageRowsCarryTheVerdict()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Emulator:Misplace:EU"] = "oci/us-ashburn-1",
        });
        var job = await host.SubmitAsync(Request());

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.Queries.ExecutionRowsAsync(job.Id, CancellationToken.None);
        Assert.All(rows.Where(r => r.Region == "EU"), r => Assert.Equal((nameof(PlacementVerdict.Mismatch), "oci", "us-ashburn-1", true),
            (r.PlacementVerdict, r.PlacementProvider, r.PlacementRegion, r.RegionMismatch)));
        Assert.All(rows.Where(r => r.Region != "EU"), r => Assert.Equal(nameof(PlacementVerdict.Verified), r.PlacementVerdict));
    }

    [Fact]
    public async Task OlderRegionLabelsRaiseNoMismatchAndAnUnknownCloudRegionStaysUnverifiedWithItsRawValue()
    {
        var client = new RecordingInferenceClient((call, _) => Task.FromResult(new InferenceOutcome
        {
            Answered = true,
            Response = "ok",
            ReportedRegion = call.Region switch { "US" => "us-east", "EU" => "eu-west", _ => "asia-pacific" },
            Placement = call.Region == "EU" ? new CloudPlacement("aws", "eu-moon-1") : null,
        }));
        await using var host = await InfrastructureHost.StartAsync(_db, configure: s => s.AddSingleton<IInferenceClient>(client));
        var job = await host.SubmitAsync(Request());

        await host.RunAllLanesAsync(job.Id);

        var rows = await host.ExecutionsAsync(job.Id);
        Assert.All(rows, r => Assert.False(r.RegionMismatch));
        Assert.All(rows, r => Assert.Equal(PlacementVerdict.Unverified, r.PlacementVerdict));
        Assert.All(rows.Where(r => r.Region == "EU"), r => Assert.Equal(("aws", "eu-moon-1"), (r.PlacementProvider, r.PlacementRegion)));
        Assert.All(rows.Where(r => r.Region != "EU"), r => Assert.Null(r.PlacementRegion));
    }
}
