namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Sentences on the factor tests, with the wording rules of <see cref="StatisticsSummary"/>: "statistically significant at
/// the 5% level" only below p = 0.05, with the test and p named; otherwise "not statistically significant" with the
/// number of units, never "the same". When both serving region and persona were tested for a model, one sentence says
/// which of the two the difference follows.
/// </summary>
public static class FactorSummary
{
    public static IReadOnlyList<string> Write(IReadOnlyList<FactorComparison> comparisons)
    {
        ArgumentNullException.ThrowIfNull(comparisons);
        var sentences = new List<string>();
        foreach (var model in comparisons.Select(c => c.Model).Distinct(StringComparer.Ordinal))
        {
            var region = comparisons.FirstOrDefault(c => c.Model == model && c.Factor == Factor.ServingRegion && c.Test != PairedTest.None);
            var persona = comparisons.FirstOrDefault(c => c.Model == model && c.Factor == Factor.Persona && c.Test != PairedTest.None);
            var language = comparisons.FirstOrDefault(c => c.Model == model && c.Factor == Factor.Language && c.Test != PairedTest.None);
            if (region is not null && persona is not null)
            {
                sentences.Add((region.Significant, persona.Significant) switch
                {
                    (false, true) => $"For {model}, the difference follows the persona, not the serving region: with the serving region held fixed, " +
                        $"refusals differ by persona, statistically significant at the 5% level ({Describe(persona)}); with the persona held fixed, " +
                        $"the serving regions' difference is not statistically significant ({Describe(region)}).",
                    (true, false) => $"For {model}, the difference follows the serving region, not the persona: with the persona held fixed, " +
                        $"refusals differ by serving region, statistically significant at the 5% level ({Describe(region)}); with the serving region held " +
                        $"fixed, the personas' difference is not statistically significant ({Describe(persona)}).",
                    (true, true) => $"For {model}, both the serving region ({Describe(region)}) and the persona ({Describe(persona)}) change refusals, " +
                        "each statistically significant at the 5% level with the other held fixed.",
                    _ => $"For {model}, neither the serving region ({Describe(region)}) nor the persona ({Describe(persona)}) changes refusals " +
                        "statistically significantly at the 5% level; with this many units that does not show they make no difference.",
                });
            }
            else if ((region ?? persona) is { } single)
            {
                sentences.Add(Single(single));
            }
            if (language is not null)
            {
                sentences.Add(Single(language));
            }
        }
        return sentences;
    }

    private static string Single(FactorComparison c)
    {
        var noun = FactorAnalysis.Noun(c.Factor);
        return c.Significant
            ? $"For {c.Model}, refusals differ by {noun} ({c.HeldFixed}), statistically significant at the 5% level ({Describe(c)})."
            : $"For {c.Model}, the difference between {noun}s ({c.HeldFixed}) is not statistically significant ({Describe(c)}).";
    }

    /// <summary>"none refused 5 of 6, US 0 of 6; McNemar exact p = 0.062 over 6 units (too few for p &lt; 0.05 even if all differed)".</summary>
    public static string Describe(FactorComparison c)
    {
        ArgumentNullException.ThrowIfNull(c);
        var counts = string.Join(", ", c.Levels.Select((l, i) => i == 0 ? $"{l} refused {c.RefusedPerLevel[l]} of {c.Units}" : $"{l} {c.RefusedPerLevel[l]} of {c.Units}"));
        var test = c switch
        {
            { Test: PairedTest.McNemar, McNemar.Method: McNemarMethod.ExactBinomial } => "McNemar exact",
            { Test: PairedTest.McNemar } => "McNemar chi-square",
            { CochranQ.ApproximationAdequate: false } => "Cochran's Q (approximate)",
            _ => "Cochran's Q",
        };
        var text = $"{counts}; {test} {StatisticsSummary.P(c.PValue ?? 1)} over {c.Units} unit{(c.Units == 1 ? "" : "s")}";
        if (c.Test == PairedTest.McNemar && 2 * Math.Pow(0.5, c.Units) >= 0.05)
        {
            text += ", too few for p < 0.05 even if every unit differed";
        }
        return text;
    }
}
