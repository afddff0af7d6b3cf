using Beacon.Core.Catalog;

namespace Beacon.Core.Placement;

/// <summary>Judges where an answer came from against the region that was asked for.</summary>
public static class PlacementCheck
{
    /// <param name="askedRegion">The cell's region code (US, EU, APAC).</param>
    /// <param name="placement">What the endpoint reported about its container, if anything.</param>
    /// <param name="reportedRegion">The region label the endpoint reported (US, or an older label such as us-east).</param>
    /// <param name="declaredOnly">The endpoint cannot report a placement (OpenAI-compatible): its region is configuration.</param>
    public static PlacementJudgement Judge(string askedRegion, CloudPlacement? placement, string? reportedRegion, bool declaredOnly)
    {
        var labelMismatch = reportedRegion is not null && BuiltInCatalog.ResolveRegion(reportedRegion)?.Code != askedRegion;
        if (declaredOnly)
        {
            return new PlacementJudgement(PlacementVerdict.Declared, null, labelMismatch);
        }
        var match = CloudRegionTable.Find(placement?.Provider, placement?.Region);
        if (match is null)
        {
            // Nothing (or nothing known) to check: the reported label is all there is.
            return new PlacementJudgement(PlacementVerdict.Unverified, null, labelMismatch);
        }
        // Where a placement can be judged, the mismatch flag follows it: the container's place outranks the label.
        return match.BeaconRegion == askedRegion
            ? new PlacementJudgement(PlacementVerdict.Verified, match, false)
            : new PlacementJudgement(PlacementVerdict.Mismatch, match, true);
    }
}
