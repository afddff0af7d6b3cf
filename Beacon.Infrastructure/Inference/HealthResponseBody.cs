namespace Beacon.Infrastructure.Inference;

public sealed record HealthResponseBody
{
    public string? Status { get; init; }
    public string? Region { get; init; }
    public List<string>? ModelsAvailable { get; init; }
    public List<string>? ModelsReady { get; init; }
    public string? ModalRegion { get; init; }
    public bool? Emulated { get; init; }
}
