namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// When a paired comparison may be called "statistically significant at the 5% level". The reported p-value must be
/// below 0.05, and an approximate p-value never decides alone near the threshold: McNemar's exact p (always computed)
/// must agree, and a χ² Cochran's Q (used only when the exact distribution is too large to enumerate) must be below
/// <see cref="Level"/> - <see cref="ApproximateMargin"/>. Otherwise a p-value just under 0.05 is "borderline".
/// </summary>
public static class Significance
{
    public const double Level = PValueFormat.Level;

    /// <summary>How close to the level an approximate p-value must not be to count.</summary>
    public const double ApproximateMargin = 0.01;

    public static bool IsSignificant(RegionComparison comparison)
    {
        ArgumentNullException.ThrowIfNull(comparison);
        if (comparison.PValue is not { } p || p >= Level)
        {
            return false;
        }
        return comparison switch
        {
            { Test: PairedTest.McNemar, McNemar: { } m } => m.ExactPValue < Level,
            { Test: PairedTest.CochranQ, CochranQ: { Method: CochranQMethod.ChiSquare } } => p < Level - ApproximateMargin,
            _ => true,
        };
    }

    /// <summary>The reported p-value is below 0.05 but the comparison is not called significant (see the class remarks).</summary>
    public static bool IsBorderline(RegionComparison comparison) =>
        comparison?.PValue is < Level && !IsSignificant(comparison);

    /// <summary>Whether the p-value <see cref="RegionComparison.PValue"/> reports is exact (McNemar exact binomial, Cochran's Q conditional).</summary>
    public static bool IsExact(RegionComparison comparison) => comparison switch
    {
        { Test: PairedTest.McNemar, McNemar.Method: McNemarMethod.ExactBinomial } => true,
        { Test: PairedTest.CochranQ, CochranQ.Method: CochranQMethod.ExactConditional } => true,
        _ => false,
    };
}
