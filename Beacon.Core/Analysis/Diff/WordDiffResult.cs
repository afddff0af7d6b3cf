namespace Beacon.Core.Analysis.Diff;

/// <summary>
/// A compared text against a baseline, word by word: the segments in reading order (deleted baseline words stand
/// where they were dropped), and how many words were unchanged, inserted and deleted.
/// </summary>
public sealed record WordDiffResult(IReadOnlyList<DiffSegment> Segments, int Unchanged, int Inserted, int Deleted)
{
    /// <summary>Unchanged words over the words of the longer text (1 for two empty texts).</summary>
    public double Overlap => Math.Max(Unchanged + Deleted, Unchanged + Inserted) is var longest and > 0 ? (double)Unchanged / longest : 1;

    public bool Identical => Inserted == 0 && Deleted == 0;
}
