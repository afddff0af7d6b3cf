namespace Beacon.Core.Analysis.Statistics;

public enum PairedTest
{
    /// <summary>No test: one region only, or no question answered in every region.</summary>
    None,

    /// <summary>Two regions: McNemar's test on the questions' refused/answered outcomes.</summary>
    McNemar,

    /// <summary>Three or more regions: Cochran's Q, with pairwise McNemar tests (Holm-adjusted) to say which pair differs.</summary>
    CochranQ,
}
