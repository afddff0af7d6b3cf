namespace Beacon.Core.Analysis.Diff;

/// <summary>A run of consecutive words of one kind, with the whitespace that followed them in their own text.</summary>
public sealed record DiffSegment(DiffKind Kind, string Text);
