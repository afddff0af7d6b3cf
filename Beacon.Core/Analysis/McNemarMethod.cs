namespace Beacon.Core.Analysis;

/// <summary>Which p-value <see cref="McNemarResult.PValue"/> reports.</summary>
public enum McNemarMethod
{
    /// <summary>Exact two-sided binomial test on the discordant pairs; used when b + c &lt; 25.</summary>
    ExactBinomial,

    /// <summary>Chi-square (1 df) with Edwards' continuity correction; used when b + c &gt;= 25.</summary>
    ChiSquareContinuityCorrected,
}
