namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Paired tests per factor (<see cref="Factor"/>) on matched units: serving region with persona and language fixed,
/// persona with serving region and language fixed, language with serving region and persona fixed; always within one
/// model. A unit is (question group, repeat, the other factors' values): every repeat of a group is its own unit, paired
/// with the same repeat index at the other levels.
/// </summary>
public static class FactorAnalysis
{
    public static IReadOnlyList<FactorComparison> CompareAll(IReadOnlyList<FactorObservation> observations, IReadOnlyList<string> models)
    {
        ArgumentNullException.ThrowIfNull(observations);
        ArgumentNullException.ThrowIfNull(models);
        var result = new List<FactorComparison>();
        foreach (var model in models)
        {
            var mine = observations.Where(o => o.Model == model).ToList();
            foreach (var factor in Enum.GetValues<Factor>())
            {
                result.Add(Compare(mine, model, factor));
            }
        }
        return result;
    }

    public static FactorComparison Compare(IReadOnlyList<FactorObservation> observations, string model, Factor factor)
    {
        ArgumentNullException.ThrowIfNull(observations);
        var mine = observations.Where(o => o.Model == model).ToList();
        var confounded = factor is Factor.ServingRegion or Factor.Persona && mine.Count > 0
            && mine.All(o => o.Persona == o.Region) && mine.Select(o => o.Region).Distinct(StringComparer.Ordinal).Count() > 1;
        if (factor == Factor.Persona && !confounded)
        {
            // When the regions did not all run the same personas (e.g. "matched" plus "none"), each region's own persona is
            // one level, "matched", so that "own persona vs no prompt" pairs within every region.
            var perRegion = mine.GroupBy(o => o.Region, StringComparer.Ordinal).Select(g => g.Select(o => o.Persona).ToHashSet(StringComparer.Ordinal)).ToList();
            if (perRegion.Any(set => !set.SetEquals(perRegion[0])))
            {
                mine = mine.Select(o => o.Persona == o.Region ? o with { Persona = Jobs.Personas.Matched } : o).ToList();
            }
        }
        var levels = mine.Select(o => Level(o, factor)).Distinct(StringComparer.Ordinal).Order(LevelOrder.Instance).ToList();
        var heldFixed = factor switch
        {
            Factor.ServingRegion => "same persona and language",
            Factor.Persona => "same serving region and language",
            _ => "same serving region and persona",
        };

        // unit -> refused per level (the first answered observation of that unit at that level); tuple keys and one small
        // array per unit, since a large job has hundreds of thousands of units.
        var levelIndex = levels.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => x.i, StringComparer.Ordinal);
        var units = new Dictionary<(string, int, string, string), bool?[]>();
        foreach (var o in mine)
        {
            var key = UnitKey(o, factor);
            if (!units.TryGetValue(key, out var byLevel))
            {
                units[key] = byLevel = new bool?[levels.Count];
            }
            if (o.Refused is { } refused)
            {
                byLevel[levelIndex[Level(o, factor)]] ??= refused;
            }
        }
        var complete = units.Values.Where(u => Array.TrueForAll(u, x => x.HasValue)).ToList();
        var incomplete = units.Count - complete.Count;
        var outcomes = complete.Select(u => Array.ConvertAll(u, x => x!.Value)).ToArray();
        var refusedPerLevel = levels.Select((l, j) => (l, outcomes.Count(o => o[j]))).ToDictionary(x => x.l, x => x.Item2, StringComparer.Ordinal);

        FactorComparison None(string note) =>
            new(factor, model, levels, heldFixed, complete.Count, incomplete, refusedPerLevel, PairedTest.None, null, null, null, [], note);

        if (confounded)
        {
            return None("Every cell answered with its serving region's own persona, so persona and serving region cannot be told apart: cross personas with regions to separate them.");
        }
        if (levels.Count < 2)
        {
            return None($"Only one {Noun(factor)} in this job ({(levels.Count == 1 ? levels[0] : "none answered")}): nothing to compare.");
        }
        if (complete.Count == 0)
        {
            return None($"No unit was answered at every {Noun(factor)} ({heldFixed}), so nothing can be paired.");
        }

        if (levels.Count == 2)
        {
            var mcNemar = McNemarTest.Compute(outcomes.Select(o => o[0]).ToArray(), outcomes.Select(o => o[1]).ToArray());
            return new FactorComparison(factor, model, levels, heldFixed, complete.Count, incomplete, refusedPerLevel, PairedTest.McNemar,
                mcNemar.PValue, mcNemar, null, [], null);
        }

        var q = CochranQTest.Compute(outcomes);
        var pairs = new List<(string A, string B, McNemarResult Result)>();
        for (var a = 0; a < levels.Count; a++)
        {
            for (var b = a + 1; b < levels.Count; b++)
            {
                pairs.Add((levels[a], levels[b], McNemarTest.Compute(outcomes.Select(o => o[a]).ToArray(), outcomes.Select(o => o[b]).ToArray())));
            }
        }
        var holm = HolmCorrection.Adjust(pairs.Select(p => p.Result.PValue).ToList());
        var pairwise = pairs.Select((p, i) => new PairwiseComparison(p.A, p.B, p.Result, holm[i])).ToList();
        var note = q.ApproximationAdequate
            ? null
            : $"Only {q.InformativeSubjects} unit(s) differ between {Noun(factor)}s: the chi-square p-value of Cochran's Q is approximate.";
        return new FactorComparison(factor, model, levels, heldFixed, complete.Count, incomplete, refusedPerLevel, PairedTest.CochranQ,
            q.PValue, null, q, pairwise, note);
    }

    public static string Noun(Factor factor) => factor switch
    {
        Factor.ServingRegion => "serving region",
        Factor.Persona => "persona",
        _ => "language",
    };

    private static string Level(FactorObservation o, Factor factor) => factor switch
    {
        Factor.ServingRegion => o.Region,
        Factor.Persona => o.Persona,
        _ => o.Language,
    };

    // Everything but the factor itself (the model is fixed by the caller): the matched unit.
    private static (string, int, string, string) UnitKey(FactorObservation o, Factor factor) => factor switch
    {
        Factor.ServingRegion => (o.Group, o.RepeatIndex, o.Persona, o.Language),
        Factor.Persona => (o.Group, o.RepeatIndex, o.Region, o.Language),
        _ => (o.Group, o.RepeatIndex, o.Region, o.Persona),
    };

    /// <summary>"matched", regions in catalogue order (US, EU, APAC), "none", "en", then anything else by name.</summary>
    private sealed class LevelOrder : IComparer<string>
    {
        public static LevelOrder Instance { get; } = new();

        private static readonly string[] Known = [Jobs.Personas.Matched, "US", "EU", "APAC", Jobs.Personas.None, "en"];

        public int Compare(string? x, string? y)
        {
            var (i, j) = (Array.IndexOf(Known, x), Array.IndexOf(Known, y));
            return (i, j) switch
            {
                (>= 0, >= 0) => i.CompareTo(j),
                (>= 0, _) => -1,
                (_, >= 0) => 1,
                _ => string.CompareOrdinal(x, y),
            };
        }
    }
}
