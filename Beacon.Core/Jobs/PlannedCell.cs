namespace Beacon.Core.Jobs;

/// <summary>One inference of the matrix: the unique key plus exactly what will be sent.</summary>
public sealed record PlannedCell(string QuestionId, string ModelId, string Region, int RepeatIndex, string Prompt, string SystemPrompt);
