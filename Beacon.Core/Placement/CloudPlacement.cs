namespace Beacon.Core.Placement;

/// <summary>
/// Where a container said it ran, exactly as reported: Modal's MODAL_CLOUD_PROVIDER (aws, gcp, oci) and MODAL_REGION
/// (a cloud region or zone such as us-east-1 or europe-west4-a). Either part may be missing.
/// </summary>
public sealed record CloudPlacement(string? Provider, string? Region)
{
    /// <summary>"aws/us-east-1", "?/us-east-1" when the provider is missing.</summary>
    public override string ToString() => $"{Provider ?? "?"}/{Region ?? "?"}";

    /// <summary>Parses "provider/region" (the emulator's misplace option); null when it is not of that form.</summary>
    public static CloudPlacement? Parse(string? text)
    {
        var parts = (text ?? "").Split('/', 2, StringSplitOptions.TrimEntries);
        return parts.Length == 2 && parts[0].Length > 0 && parts[1].Length > 0 ? new CloudPlacement(parts[0], parts[1]) : null;
    }
}
