using System.Text.Json;

namespace Beacon.Infrastructure.Inference;

/// <summary>Both shapes of the endpoint's reply: success true (the model answered) or false (it could not).</summary>
public sealed record InferenceResponseBody
{
    public bool? Success { get; init; }
    public string? Response { get; init; }
    public string? Model { get; init; }
    public string? Region { get; init; }
    public double? InferenceTime { get; init; }
    public int? TokensGenerated { get; init; }
    public JsonElement? Receipt { get; init; }
    /// <summary>Where the container ran, on a failure (a success carries it in the receipt).</summary>
    public JsonElement? Placement { get; init; }
    public string? Error { get; init; }
    public string? ErrorCode { get; init; }
    public bool? Moderated { get; init; }
}
