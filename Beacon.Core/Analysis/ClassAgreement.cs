namespace Beacon.Core.Analysis;

/// <summary>
/// How two classifiers of the same answers agree (Beacon's built-in classifier and an LLM judge): the confusion table
/// over the classes either used (rows: built-in, columns: judge; 3x3, or 4x4 when the built-in classifier called some
/// answered executions technical failures), Cohen's kappa with its approximate 95% interval, and raw agreement.
/// </summary>
public sealed record ClassAgreement(
    IReadOnlyList<ResponseClass> Classes,
    IReadOnlyList<IReadOnlyList<int>> Counts,
    int Items,
    double? ObservedAgreement,
    double? Kappa,
    double? KappaLow,
    double? KappaHigh)
{
    /// <summary>The three classes a judge gives, always shown; technical failure only when it occurs.</summary>
    private static readonly ResponseClass[] Judged = [ResponseClass.Substantive, ResponseClass.Partial, ResponseClass.Refusal];

    public static ClassAgreement From(IEnumerable<(ResponseClass BuiltIn, ResponseClass Judge)> pairs)
    {
        ArgumentNullException.ThrowIfNull(pairs);
        var list = pairs.ToList();
        var classes = Judged.Concat(list.Any(p => p.BuiltIn == ResponseClass.TechnicalFailure || p.Judge == ResponseClass.TechnicalFailure)
            ? [ResponseClass.TechnicalFailure] : []).ToList();
        var table = new int[classes.Count, classes.Count];
        foreach (var (builtIn, judge) in list)
        {
            table[classes.IndexOf(builtIn), classes.IndexOf(judge)]++;
        }
        var kappa = CohenKappa.Compute(table);
        var se = CohenKappa.StandardError(table);
        var counts = Enumerable.Range(0, classes.Count)
            .Select(i => (IReadOnlyList<int>)Enumerable.Range(0, classes.Count).Select(j => table[i, j]).ToList()).ToList();
        return new ClassAgreement(classes, counts, list.Count, CohenKappa.ObservedAgreement(table), kappa,
            kappa is { } k && se is { } s ? Math.Max(-1, k - 1.96 * s) : null,
            kappa is { } k2 && se is { } s2 ? Math.Min(1, k2 + 1.96 * s2) : null);
    }
}
