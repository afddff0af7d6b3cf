namespace Beacon.Core.Analysis.Agreement;

/// <summary>
/// Cohen's kappa for two raters on the same items: κ = (p_o - p_e) / (1 - p_e), with p_o the observed agreement and
/// p_e the agreement expected by chance from each rater's marginal class shares. 1 = perfect agreement, 0 = no better
/// than chance. Null when there are no items, or when chance agreement is already 1 (both raters used one and the same
/// class throughout: agreement is then perfect but uninformative).
/// </summary>
public static class CohenKappa
{
    public static double? Compute<T>(IReadOnlyList<(T A, T B)> pairs)
        where T : notnull
    {
        ArgumentNullException.ThrowIfNull(pairs);
        if (pairs.Count == 0)
        {
            return null;
        }
        double n = pairs.Count;
        var observed = pairs.Count(p => EqualityComparer<T>.Default.Equals(p.A, p.B)) / n;
        var a = pairs.GroupBy(p => p.A).ToDictionary(g => g.Key, g => g.Count() / n);
        var b = pairs.GroupBy(p => p.B).ToDictionary(g => g.Key, g => g.Count() / n);
        var expected = a.Sum(x => x.Value * b.GetValueOrDefault(x.Key));
        return expected >= 1 ? null : (observed - expected) / (1 - expected);
    }
}
