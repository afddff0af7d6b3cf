using System.Text.Json.Serialization;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// The protocol's request body. <see cref="SystemPrompt"/> is written even when null: null asks for no system prompt at
/// all (the "none" persona), while an empty string would ask the endpoint for its regional default.
/// </summary>
public sealed record InferenceRequestBody(
    string Model,
    string Prompt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? SystemPrompt,
    double Temperature,
    int MaxTokens,
    string Region,
    int? Seed,
    string RequestId);
