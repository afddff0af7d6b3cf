namespace Beacon.Core.Placement;

/// <summary>
/// Which cloud regions make up Modal's regions, and so which Beacon region an answer really came from.
/// Source: Modal's region-selection guide, https://modal.com/docs/guide/region-selection (the version of the page that
/// lists the AWS, GCP and OCI regions behind each Modal region; the current page lists only the Modal region names),
/// read 2026-12-03. Azure rows of that page are left out: the MODAL_CLOUD_PROVIDER value of an Azure container is not
/// documented, and a guess would verify placements nobody checked (they stay Unverified, raw value kept).
/// Beacon's regions are Modal's broad ones (the apps' default pinning): US = "us" (us-east, us-central, us-south, us-west),
/// EU = "eu" (eu-west, eu-north, eu-south; the European Economic Area, not the UK), APAC = "ap" (ap-northeast,
/// ap-southeast, ap-south, ap-melbourne, Sydney). A cloud region in another broad region (uk, ca, me, sa) is in no
/// Beacon region: an answer from there is a mismatch whatever was asked.
/// </summary>
public static class CloudRegionTable
{
    public const string Source = "https://modal.com/docs/guide/region-selection";
    public const string SourceDate = "2026-12-03";

    private const string Aws = "aws", Gcp = "gcp", Oci = "oci";

    /// <summary>Beacon region code for each of Modal's broad regions that is one.</summary>
    public static IReadOnlyDictionary<string, string> BeaconRegionOfBroad { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["us"] = "US",
        ["eu"] = "EU",
        ["ap"] = "APAC",
    };

    public static IReadOnlyList<CloudRegion> Regions { get; } =
    [
        Row(Aws, "us-east-1", "us-east", "us", "Virginia"),
        Row(Aws, "us-east-2", "us-east", "us", "Ohio"),
        Row(Gcp, "us-east1", "us-east", "us", "South Carolina"),
        Row(Gcp, "us-east4", "us-east", "us", "Virginia"),
        Row(Gcp, "us-east5", "us-east", "us", "Ohio"),
        Row(Oci, "us-ashburn-1", "us-east", "us", "Virginia"),
        Row(Gcp, "us-central1", "us-central", "us", "Iowa"),
        Row(Oci, "us-chicago-1", "us-central", "us", "Chicago"),
        Row(Oci, "us-phoenix-1", "us-central", "us", "Phoenix"),
        Row(Gcp, "us-south1", "us-south", "us", "Dallas"),
        Row(Aws, "us-west-1", "us-west", "us", "California"),
        Row(Aws, "us-west-2", "us-west", "us", "Oregon"),
        Row(Gcp, "us-west1", "us-west", "us", "Oregon"),
        Row(Gcp, "us-west2", "us-west", "us", "Los Angeles"),
        Row(Gcp, "us-west3", "us-west", "us", "Salt Lake City"),
        Row(Gcp, "us-west4", "us-west", "us", "Las Vegas"),
        Row(Oci, "us-sanjose-1", "us-west", "us", "San Jose"),

        Row(Aws, "eu-central-1", "eu-west", "eu", "Frankfurt"),
        Row(Aws, "eu-west-1", "eu-west", "eu", "Ireland"),
        Row(Aws, "eu-west-3", "eu-west", "eu", "Paris"),
        Row(Gcp, "europe-west1", "eu-west", "eu", "Belgium"),
        Row(Gcp, "europe-west3", "eu-west", "eu", "Frankfurt"),
        Row(Gcp, "europe-west4", "eu-west", "eu", "Netherlands"),
        Row(Oci, "eu-frankfurt-1", "eu-west", "eu", "Frankfurt"),
        Row(Oci, "eu-paris-1", "eu-west", "eu", "Paris"),
        Row(Aws, "eu-north-1", "eu-north", "eu", "Stockholm"),
        Row(Aws, "eu-south-1", "eu-south", "eu", "Milan"),
        Row(Aws, "eu-south-2", "eu-south", "eu", "Spain"),

        Row(Aws, "ap-northeast-1", "ap-northeast", "ap", "Tokyo"),
        Row(Aws, "ap-northeast-2", "ap-northeast", "ap", "Seoul"),
        Row(Aws, "ap-northeast-3", "ap-northeast", "ap", "Osaka"),
        Row(Gcp, "asia-east1", "ap-northeast", "ap", "Taiwan"),
        Row(Gcp, "asia-northeast1", "ap-northeast", "ap", "Tokyo"),
        Row(Gcp, "asia-northeast3", "ap-northeast", "ap", "Seoul"),
        Row(Aws, "ap-southeast-3", "ap-southeast", "ap", "Jakarta"),
        Row(Gcp, "asia-southeast1", "ap-southeast", "ap", "Singapore"),
        Row(Aws, "ap-south-1", "ap-south", "ap", "Mumbai"),
        Row(Gcp, "asia-south1", "ap-south", "ap", "Mumbai"),
        Row(Gcp, "asia-south2", "ap-south", "ap", "Delhi"),
        Row(Oci, "ap-melbourne-1", "ap-melbourne", "ap", "Melbourne"),
        Row(Gcp, "australia-southeast1", null, "ap", "Sydney"),
        Row(Oci, "ap-sydney-1", null, "ap", "Sydney"),

        Row(Aws, "eu-west-2", null, "uk", "London"),
        Row(Gcp, "europe-west2", null, "uk", "London"),
        Row(Oci, "uk-london-1", null, "uk", "London"),
        Row(Aws, "ca-central-1", null, "ca", "Montreal"),
        Row(Gcp, "northamerica-northeast2", null, "ca", "Toronto"),
        Row(Oci, "ca-toronto-1", null, "ca", "Toronto"),
        Row(Oci, "ca-montreal-1", null, "ca", "Montreal"),
        Row(Gcp, "me-west1", null, "me", "Tel Aviv"),
        Row(Aws, "sa-east-1", null, "sa", "São Paulo"),
        Row(Gcp, "southamerica-east1", null, "sa", "São Paulo"),
    ];

    private static readonly Dictionary<string, CloudRegion> ByRegion = Regions.ToDictionary(r => r.Region, StringComparer.Ordinal);

    /// <summary>
    /// The table row of a reported cloud region or zone (GCP zones "europe-west4-a" and AWS availability zones
    /// "us-east-1a" resolve to their region), or null when the table does not know it or the reported provider is not
    /// the one that has that region (an inconsistent report is not verified).
    /// </summary>
    public static CloudRegion? Find(string? provider, string? region)
    {
        var name = (region ?? "").Trim().ToLowerInvariant();
        if (name.Length == 0)
        {
            return null;
        }
        var row = ByRegion.GetValueOrDefault(name) ?? ByRegion.GetValueOrDefault(ZoneToRegion(name));
        if (row is null)
        {
            return null;
        }
        var reportedProvider = (provider ?? "").Trim().ToLowerInvariant();
        return reportedProvider.Length == 0 || reportedProvider == row.Provider ? row : null;
    }

    // europe-west4-a -> europe-west4 (GCP zone); us-east-1a -> us-east-1 (AWS availability zone). Anything else is left
    // as it is, so it simply does not match.
    private static string ZoneToRegion(string name)
    {
        if (name.Length > 2 && name[^2] == '-' && char.IsAsciiLetterLower(name[^1]) && char.IsAsciiDigit(name[^3]))
        {
            return name[..^2];
        }
        if (name.Length > 1 && char.IsAsciiLetterLower(name[^1]) && char.IsAsciiDigit(name[^2]))
        {
            return name[..^1];
        }
        return name;
    }

    private static CloudRegion Row(string provider, string region, string? modalRegion, string broad, string location) =>
        new(provider, region, modalRegion, broad, BeaconRegionOfBroad.GetValueOrDefault(broad), location);
}
