using Beacon.Core.Jobs;

namespace Beacon.Core.Abstractions;

/// <summary>Exactly what is sent for one cell: the stored prompt, system prompt ("" = none sent) and parameters.</summary>
public sealed record InferenceCall(
    Guid RequestId,
    string Model,
    string Region,
    string Prompt,
    string SystemPrompt,
    GenerationParameters Parameters);
