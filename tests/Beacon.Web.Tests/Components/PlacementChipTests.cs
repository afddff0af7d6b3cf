using Beacon.Web.Components.Shared;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class PlacementChipTests : MudTestContext
{
    private IRenderedComponent<PlacementChip> Chip(string? verdict, string? provider, string? region, bool showPlacement = false) =>
        Render<PlacementChip>(p => p
            .Add(c => c.Verdict, verdict)
            .Add(c => c.Provider, provider)
            .Add(c => c.Region, region)
            .Add(c => c.ShowPlacement, showPlacement)
            .Add(c => c.TestId, "chip"));

    [Fact]
    public void AMismatchSaysWhereTheContainerRanAndThatTheAnswerDidNotComeFromTheRegion()
    {
        var chip = Chip("Mismatch", "aws", "us-east-1").Find("[data-testid='chip']");

        Assert.Equal("Mismatch", chip.GetAttribute("data-placement"));
        Assert.Equal("placement mismatch", chip.TextContent.Trim());
        Assert.Contains("aws/us-east-1", chip.GetAttribute("title"), StringComparison.Ordinal);
        Assert.Contains("did not come from there", chip.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void TheExecutionPageShowsTheRawPlacementInTheChip()
    {
        var chip = Chip("Verified", "gcp", "europe-west4-a", showPlacement: true).Find("[data-testid='chip']");

        Assert.Equal("verified · gcp/europe-west4-a", chip.TextContent.Trim());
    }

    [Fact]
    public void AnUnknownCloudRegionIsUnverifiedAndKeptAsReported()
    {
        var chip = Chip("Unverified", "aws", "us-gov-west-1").Find("[data-testid='chip']");

        Assert.Equal("unverified", chip.TextContent.Trim());
        Assert.Contains("not in Modal's region table", chip.GetAttribute("title"), StringComparison.Ordinal);
    }

    [Fact]
    public void ACellWithoutAnOutcomeShowsNoChip() => Assert.Empty(Chip(null, null, null).FindAll("[data-testid='chip']"));
}
