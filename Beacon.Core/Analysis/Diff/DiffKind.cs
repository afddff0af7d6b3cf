namespace Beacon.Core.Analysis.Diff;

public enum DiffKind
{
    /// <summary>In both texts.</summary>
    Unchanged,

    /// <summary>Only in the compared text (not in the baseline).</summary>
    Inserted,

    /// <summary>Only in the baseline (missing from the compared text).</summary>
    Deleted,
}
