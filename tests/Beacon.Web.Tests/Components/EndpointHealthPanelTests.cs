using Beacon.Core.Abstractions;
using Beacon.Infrastructure.Inference;
using Beacon.Web.Components.Overview;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class EndpointHealthPanelTests : MudTestContext
{
    private static EndpointHealthSnapshot Snapshot(string region, RegionConcurrency? concurrency, RegionPinning? pinning, bool emulated = false) =>
        new(new EndpointHealth(region, true, "healthy", ["llama3.2-1b"], ["llama3.2-1b"], emulated, 0.2, null), Now, concurrency, pinning);

    [Fact]
    public void ShowsTheCallsInFlightBeaconAllowsEachRegionAndThePinningItsCostUses()
    {
        var panel = Render<EndpointHealthPanel>(p => p.Add(c => c.Snapshots,
        [
            Snapshot("US", new RegionConcurrency(4, 8), RegionPinning.Choose(null, new EndpointModelInfo("US", 8, 8, 1, "narrow", 1.75m, Now))),
            Snapshot("EU", new RegionConcurrency(4, null), RegionPinning.Choose(1.8m, null)),
            Snapshot("APAC", new RegionConcurrency(4, null), RegionPinning.Choose(null, null), emulated: true),
        ]));

        Assert.StartsWith("4 per model (capacity 8)", Normalize(panel.Find("[data-testid='concurrency-US']").TextContent), StringComparison.Ordinal);
        Assert.Equal("narrow pinning, 1.75x", panel.Find("[data-testid='pinning-US']").TextContent.Trim());
        Assert.StartsWith("4 per model (configured)", Normalize(panel.Find("[data-testid='concurrency-EU']").TextContent), StringComparison.Ordinal);
        Assert.Equal("1.8x configured", panel.Find("[data-testid='pinning-EU']").TextContent.Trim());
        // The emulator costs nothing: no pinning to show.
        Assert.Empty(panel.FindAll("[data-testid='pinning-APAC']"));
    }

    private static string Normalize(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
}
