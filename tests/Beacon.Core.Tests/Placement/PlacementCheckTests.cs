using Beacon.Core.Catalog;
using Beacon.Core.Placement;

namespace Beacon.Core.Tests.Placement;

public sealed class PlacementCheckTests
{
    [Theory]
    [InlineData("US", "aws", "us-east-1")]
    [InlineData("US", "gcp", "us-central1")]
    [InlineData("US", "oci", "us-sanjose-1")]
    [InlineData("EU", "gcp", "europe-west4-a")]
    [InlineData("EU", "aws", "eu-north-1")]
    [InlineData("APAC", "aws", "ap-northeast-1")]
    [InlineData("APAC", "gcp", "asia-southeast1-b")]
    [InlineData("APAC", "aws", "ap-northeast-1a")]
    public void APlacementInsideTheAskedRegionIsVerified(string asked, string provider, string region)
    {
        var judgement = PlacementCheck.Judge(asked, new CloudPlacement(provider, region), asked, declaredOnly: false);

        Assert.Equal(PlacementVerdict.Verified, judgement.Verdict);
        Assert.Equal(asked, judgement.Match?.BeaconRegion);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public void APlacementInAnotherBeaconRegionIsAMismatchEvenWhenTheLabelSaysOtherwise()
    {
        var judgement = PlacementCheck.Judge("APAC", new CloudPlacement("aws", "us-east-1"), "APAC", declaredOnly: false);

        Assert.Equal(PlacementVerdict.Mismatch, judgement.Verdict);
        Assert.Equal("US", judgement.Match?.BeaconRegion);
        Assert.True(judgement.RegionMismatch);
    }

    [Fact]
    public void ALondonPlacementIsInNoBeaconRegionSoAnEuCellIsAMismatch()
    {
        var judgement = PlacementCheck.Judge("EU", new CloudPlacement("aws", "eu-west-2"), "EU", declaredOnly: false);

        Assert.Equal(PlacementVerdict.Mismatch, judgement.Verdict);
        Assert.Equal("uk", judgement.Match?.Broad);
        Assert.Null(judgement.Match?.BeaconRegion);
    }

    [Theory]
    [InlineData("aws", "mars-north-1")]
    [InlineData("azure", "westeurope")]
    [InlineData("gcp", "us-east-1")]
    [InlineData(null, "somewhere")]
    public void AnUnknownOrInconsistentCloudRegionIsUnverifiedNeverGuessed(string? provider, string region)
    {
        var judgement = PlacementCheck.Judge("US", new CloudPlacement(provider, region), "US", declaredOnly: false);

        Assert.Equal(PlacementVerdict.Unverified, judgement.Verdict);
        Assert.Null(judgement.Match);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public void NoPlacementIsUnverifiedAndTheLabelDecidesTheMismatchFlag()
    {
        Assert.Equal(PlacementVerdict.Unverified, PlacementCheck.Judge("EU", null, "EU", declaredOnly: false).Verdict);
        Assert.False(PlacementCheck.Judge("EU", null, "EU", declaredOnly: false).RegionMismatch);
        Assert.True(PlacementCheck.Judge("EU", null, "US", declaredOnly: false).RegionMismatch);
        Assert.False(PlacementCheck.Judge("EU", null, null, declaredOnly: false).RegionMismatch);
    }

    [Fact]
    public void AnOlderEndpointWithOnlyModalRegionIsJudgedOnIt()
    {
        var judgement = PlacementCheck.Judge("EU", new CloudPlacement(null, "eu-west-1"), "EU", declaredOnly: false);

        Assert.Equal(PlacementVerdict.Verified, judgement.Verdict);
        Assert.Equal("aws", judgement.Match?.Provider);
    }

    [Theory]
    [InlineData("US", "us-east")]
    [InlineData("EU", "eu-west")]
    [InlineData("APAC", "asia-pacific")]
    [InlineData("APAC", "ASIA-PACIFIC")]
    [InlineData("US", "us")]
    public void OlderRegionLabelsAreTheirCodesAndRaiseNoMismatch(string asked, string label)
    {
        Assert.Equal(asked, BuiltInCatalog.ResolveRegion(label)?.Code);
        Assert.False(PlacementCheck.Judge(asked, null, label, declaredOnly: false).RegionMismatch);
    }

    [Fact]
    public void AnOlderLabelOfAnotherRegionIsStillAMismatch()
    {
        Assert.True(PlacementCheck.Judge("APAC", null, "eu-west", declaredOnly: false).RegionMismatch);
        Assert.True(PlacementCheck.Judge("US", null, "mars", declaredOnly: false).RegionMismatch);
    }

    [Fact]
    public void AnOpenAiCompatibleEndpointIsDeclared()
    {
        var judgement = PlacementCheck.Judge("US", null, "US", declaredOnly: true);

        Assert.Equal(PlacementVerdict.Declared, judgement.Verdict);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public void TheTableCoversEveryModalRegionOfEveryBeaconRegion()
    {
        foreach (var region in BuiltInCatalog.Regions)
        {
            foreach (var modalRegion in region.ModalRegions)
            {
                var rows = CloudRegionTable.Regions.Where(r => r.ModalRegion == modalRegion).ToList();
                Assert.NotEmpty(rows);
                Assert.All(rows, r => Assert.Equal(region.Code, r.BeaconRegion));
            }
        }
        Assert.Equal(CloudRegionTable.Regions.Count, CloudRegionTable.Regions.Select(r => r.Region).Distinct().Count());
        Assert.All(CloudRegionTable.Regions, r => Assert.Contains(r.Provider, new[] { "aws", "gcp", "oci" }));
    }

    [Fact]
    public void MisplaceOptionTextParses()
    {
        Assert.Equal(new CloudPlacement("aws", "us-east-1"), CloudPlacement.Parse("aws/us-east-1"));
        Assert.Null(CloudPlacement.Parse("us-east-1"));
        Assert.Null(CloudPlacement.Parse("/us-east-1"));
    }
}
