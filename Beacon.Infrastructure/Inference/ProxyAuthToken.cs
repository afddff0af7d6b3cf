namespace Beacon.Infrastructure.Inference;

/// <summary>
/// A Modal proxy auth token pair, sent as the Modal-Key and Modal-Secret headers to endpoints deployed with
/// requires_proxy_auth. Its text form never shows the secret, so logging a <see cref="RegionEndpoint"/> cannot leak it.
/// </summary>
public sealed record ProxyAuthToken(string Id, string Secret)
{
    public const string KeyHeader = "Modal-Key";
    public const string SecretHeader = "Modal-Secret";

    public void AddTo(HttpRequestMessage request)
    {
        request.Headers.Remove(KeyHeader);
        request.Headers.Remove(SecretHeader);
        request.Headers.TryAddWithoutValidation(KeyHeader, Id);
        request.Headers.TryAddWithoutValidation(SecretHeader, Secret);
    }

    public override string ToString() => $"ProxyAuthToken {{ Id = {Id}, Secret = *** }}";

    /// <summary>The region's own pair when set, else the shared pair, else none.</summary>
    public static ProxyAuthToken? From(string? regionId, string? regionSecret, string? sharedId, string? sharedSecret) =>
        !string.IsNullOrWhiteSpace(regionId) && !string.IsNullOrWhiteSpace(regionSecret) ? new(regionId.Trim(), regionSecret.Trim())
        : !string.IsNullOrWhiteSpace(sharedId) && !string.IsNullOrWhiteSpace(sharedSecret) ? new(sharedId.Trim(), sharedSecret.Trim())
        : null;
}
