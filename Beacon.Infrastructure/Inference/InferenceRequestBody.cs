namespace Beacon.Infrastructure.Inference;

public sealed record InferenceRequestBody(
    string Model,
    string Prompt,
    string SystemPrompt,
    double Temperature,
    int MaxTokens,
    string Region,
    int? Seed,
    string RequestId);
