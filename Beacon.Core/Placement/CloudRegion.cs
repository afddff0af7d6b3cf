namespace Beacon.Core.Placement;

/// <summary>
/// One cloud region as Modal's region selection groups it: <paramref name="ModalRegion"/> is the narrow Modal region
/// (us-east, eu-west, ap-northeast, ...; null where Modal lists the cloud region only under a broad one),
/// <paramref name="Broad"/> the broad one (us, eu, ap, uk, ca, ...), <paramref name="BeaconRegion"/> the Beacon region it
/// belongs to, or null when it belongs to none (the UK, Canada, ...).
/// </summary>
public sealed record CloudRegion(string Provider, string Region, string? ModalRegion, string Broad, string? BeaconRegion, string Location);
