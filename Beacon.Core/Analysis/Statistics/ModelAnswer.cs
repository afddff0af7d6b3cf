namespace Beacon.Core.Analysis.Statistics;

/// <summary>One model's answer in a side-by-side row: the first answered repeat, with the start of its text (the whole text is on the execution).</summary>
public sealed record ModelAnswer(string Model, long? ExecutionId, ResponseClass? Class, string? Excerpt, int? Length);
