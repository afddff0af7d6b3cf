namespace Beacon.Core.Jobs;

/// <summary>
/// One inference of the matrix: the unique key (question, model, region, persona, repeat) plus exactly what will be sent.
/// <paramref name="SystemPrompt"/> is empty when no system prompt is sent (the "none" persona).
/// </summary>
public sealed record PlannedCell(string QuestionId, string ModelId, string Region, string Persona, int RepeatIndex, string Prompt, string SystemPrompt);
