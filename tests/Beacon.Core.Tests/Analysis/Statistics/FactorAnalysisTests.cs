using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;

namespace Beacon.Core.Tests.Analysis.Statistics;

/// <summary>Reference values computed by hand (the arithmetic is in each test).</summary>
public sealed class FactorAnalysisTests
{
    private const string Model = "qwen2.5-1.5b";

    private static FactorObservation Obs(string group, string region, string persona, bool? refused, string language = "en", int repeat = 0) =>
        new(group, language, Model, region, persona, repeat, refused);

    /// <summary>Three groups, served from US and APAC, each with the US and the APAC persona; refused exactly when the persona is APAC.</summary>
    private static List<FactorObservation> PersonaDriven() =>
        (from g in new[] { "g1", "g2", "g3" }
         from region in new[] { "US", "APAC" }
         from persona in new[] { "US", "APAC" }
         select Obs(g, region, persona, persona == "APAC")).ToList();

    [Fact]
    public void APersonaDrivenDifferenceIsSignificantForThePersonaAndAbsentForTheRegion()
    {
        var observations = PersonaDriven();

        // Persona, serving region fixed: 3 groups x 2 regions = 6 units, every one US-persona answered / APAC-persona refused:
        // b = 0, c = 6, exact two-sided p = 2 * 0.5^6 = 0.03125.
        var persona = FactorAnalysis.Compare(observations, Model, Factor.Persona);
        Assert.Equal(PairedTest.McNemar, persona.Test);
        Assert.Equal(["US", "APAC"], persona.Levels);
        Assert.Equal((6, 0, 6, McNemarMethod.ExactBinomial), (persona.Units, persona.McNemar!.B, persona.McNemar.C, persona.McNemar.Method));
        Assert.Equal(0.03125, persona.PValue!.Value, 12);
        Assert.Equal(new Dictionary<string, int> { ["US"] = 0, ["APAC"] = 6 }, persona.RefusedPerLevel);
        Assert.True(persona.Significant);

        // Serving region, persona fixed: 6 units (3 groups x 2 personas), US and APAC agree on every one: no discordant unit, p = 1.
        var region = FactorAnalysis.Compare(observations, Model, Factor.ServingRegion);
        Assert.Equal((6, 0, 1.0), (region.Units, region.McNemar!.Discordant, region.PValue!.Value));
        Assert.False(region.Significant);

        var sentence = Assert.Single(FactorSummary.Write([region, persona]));
        Assert.StartsWith("For qwen2.5-1.5b, the difference follows the persona, not the serving region:", sentence, StringComparison.Ordinal);
        Assert.Contains("US refused 0 of 6, APAC 6 of 6; McNemar exact p = 0.031 over 6 units", sentence, StringComparison.Ordinal);
        Assert.Contains("McNemar exact p = 1 over 6 units", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ARegionDrivenDifferenceIsAttributedToTheServingRegion()
    {
        var observations = PersonaDriven().Select(o => o with { Refused = o.Region == "APAC" }).ToList();

        var sentence = Assert.Single(FactorSummary.Write(FactorAnalysis.CompareAll(observations, [Model])));

        Assert.StartsWith("For qwen2.5-1.5b, the difference follows the serving region, not the persona:", sentence, StringComparison.Ordinal);
    }

    [Fact]
    public void ThreePersonasUseCochransQWithHolmAdjustedPairs()
    {
        // One region, six groups, personas US / APAC / none. Rows (US, APAC, none): (1,0,0) x 4, (1,1,1), (0,0,0).
        // Column totals C = (5, 1, 1), N = 7, sum of row totals squared = 4 x 1 + 9 = 13, k = 3:
        // Q = (k - 1)(k sum C^2 - N^2) / (k N - sum R^2) = 2 (3 x 27 - 49) / (21 - 13) = 8 (chi-square p = exp(-8 / 2) = 0.018).
        // With so few informative units the exact conditional p is used: each of the 4 informative rows puts its one refusal
        // in any of 3 columns (81 equally likely tables); Q >= 8 only when all four share a column: 3 / 81 = 1 / 27.
        var rows = new[] { (true, false, false), (true, false, false), (true, false, false), (true, false, false), (true, true, true), (false, false, false) };
        var observations = rows.SelectMany((r, i) => new[]
        {
            Obs($"g{i}", "EU", "US", r.Item1), Obs($"g{i}", "EU", "APAC", r.Item2), Obs($"g{i}", "EU", "none", r.Item3),
        }).ToList();

        var c = FactorAnalysis.Compare(observations, Model, Factor.Persona);

        Assert.Equal(PairedTest.CochranQ, c.Test);
        Assert.Equal(["US", "APAC", "none"], c.Levels);
        Assert.Equal(8.0, c.CochranQ!.Q, 10);
        Assert.Equal(1.0 / 27, c.PValue!.Value, 10);
        // 4 informative units x 3 levels = 12 < 24: the chi-square approximation would be poor, and the note says so.
        Assert.Equal(4, c.CochranQ.InformativeSubjects);
        Assert.NotNull(c.Note);
        // Pairs: US-APAC and US-none b = 4, c = 0: exact p = 2 x 0.5^4 = 0.125; APAC-none no discordant unit: p = 1.
        // Holm over (0.125, 0.125, 1): 3 x 0.125 = 0.375, max(0.375, 2 x 0.125) = 0.375, max(0.375, 1 x 1) = 1.
        Assert.Equal([("US", "APAC", 0.125, 0.375), ("US", "none", 0.125, 0.375), ("APAC", "none", 1.0, 1.0)],
            c.Pairwise.Select(p => (p.RegionA, p.RegionB, Math.Round(p.Result.PValue, 10), Math.Round(p.HolmPValue, 10))));
    }

    [Fact]
    public void LanguageIsPairedWithinOneRegionAndPersona()
    {
        // Eight groups in en and zh-Hans, served from US as US: two answered in both, one refused in en only (b = 1), five
        // refused in zh-Hans only (c = 5). Exact p = 2 x P(X <= 1 | n = 6, 1/2) = 2 x (1 + 6) / 64 = 0.21875.
        var outcomes = new[] { (false, false), (false, false), (true, false), (false, true), (false, true), (false, true), (false, true), (false, true) };
        var observations = outcomes.SelectMany((o, i) => new[]
        {
            Obs($"g{i}", "US", "US", o.Item1, "en"), Obs($"g{i}", "US", "US", o.Item2, "zh-Hans"),
        }).ToList();

        var c = FactorAnalysis.Compare(observations, Model, Factor.Language);

        Assert.Equal(["en", "zh-Hans"], c.Levels);
        Assert.Equal((8, 1, 5), (c.Units, c.McNemar!.B, c.McNemar.C));
        Assert.Equal(0.21875, c.PValue!.Value, 12);
        Assert.Equal(
            "For qwen2.5-1.5b, the difference between languages (same serving region and persona) is not statistically significant " +
            "(en refused 1 of 8, zh-Hans 5 of 8; McNemar exact p = 0.22 over 8 units).",
            Assert.Single(FactorSummary.Write([c])));
    }

    [Fact]
    public void RepeatsAreUnitsAndUnansweredUnitsAreLeftOut()
    {
        // Two groups x two repeats with personas US and none in APAC; one repeat failed technically under "none".
        var observations = new List<FactorObservation>
        {
            Obs("g1", "APAC", "US", false, repeat: 0), Obs("g1", "APAC", "none", true, repeat: 0),
            Obs("g1", "APAC", "US", false, repeat: 1), Obs("g1", "APAC", "none", null, repeat: 1),
            Obs("g2", "APAC", "US", false, repeat: 0), Obs("g2", "APAC", "none", true, repeat: 0),
            Obs("g2", "APAC", "US", true, repeat: 1), Obs("g2", "APAC", "none", true, repeat: 1),
        };

        var c = FactorAnalysis.Compare(observations, Model, Factor.Persona);

        // Units: (g1,0), (g2,0), (g2,1) complete; (g1,1) incomplete. b = 0, c = 2: exact p = 2 x 0.5^2 = 0.5.
        Assert.Equal((3, 1, 0, 2), (c.Units, c.IncompleteUnits, c.McNemar!.B, c.McNemar.C));
        Assert.Equal(0.5, c.PValue!.Value, 12);
    }

    [Fact]
    public void AMatchedOnlyJobCannotSeparatePersonaFromRegionAndSaysSo()
    {
        var observations = new[] { "g1", "g2" }.SelectMany(g => new[] { Obs(g, "US", "US", false), Obs(g, "APAC", "APAC", true) }).ToList();

        var region = FactorAnalysis.Compare(observations, Model, Factor.ServingRegion);
        var persona = FactorAnalysis.Compare(observations, Model, Factor.Persona);

        Assert.Equal((PairedTest.None, PairedTest.None), (region.Test, persona.Test));
        Assert.Contains("cannot be told apart", region.Note, StringComparison.Ordinal);
        Assert.Contains("only one language", FactorAnalysis.Compare(observations, Model, Factor.Language).Note, StringComparison.OrdinalIgnoreCase);
        Assert.Empty(FactorSummary.Write([region, persona]));
    }

    [Fact]
    public void TheJobStatisticsKeepTheRegionTablesMatchedAndReportTheFactors()
    {
        // Three groups in en, served from US and APAC, with the matched persona and the no-prompt control; refused only without a system prompt.
        var questions = new[] { "g1", "g2", "g3" }.Select(g => new Beacon.Core.Questions.Question(g, "bias", $"{g}?", "en", g)).ToList();
        var builder = new JobStatisticsBuilder(questions, [Model], ["US", "APAC"], 1, personas: ["matched", "none"]);
        var id = 0L;
        foreach (var q in questions)
        {
            foreach (var served in new[] { "US", "APAC" })
            {
                foreach (var asPersona in new[] { served, "none" })
                {
                    var refused = asPersona == "none";
                    builder.Add(new ExecutionObservation(++id, q.Id, Model, served, 0, refused ? ResponseClass.Refusal : ResponseClass.Substantive,
                        false, refused ? "I cannot answer that." : "An answer.", ResponseClassifier.Version, Persona: asPersona));
                }
            }
        }

        var stats = builder.Build(finished: true);

        // The region tables see only the matched cells: nothing refused.
        Assert.All(stats.ByModelRegion, r => Assert.Equal((0, 3), (r.Refused, r.Questions)));
        // Persona, region fixed: each region's own persona is the level "matched"; 3 groups x 2 regions = 6 units, each answered
        // as matched and refused without a prompt: b = 0, c = 6, exact p = 2 x 0.5^6 = 0.03125.
        var persona = Assert.Single(stats.Factors!, f => f.Factor == Factor.Persona);
        Assert.Equal(["matched", "none"], persona.Levels);
        Assert.Equal((6, 0, 6), (persona.Units, persona.McNemar!.B, persona.McNemar.C));
        Assert.Equal(0.03125, persona.PValue!.Value, 12);
        // Serving region, persona fixed: only "none" ran in both regions (3 units, refused in both: p = 1); the matched cells cannot pair.
        var region = Assert.Single(stats.Factors!, f => f.Factor == Factor.ServingRegion);
        Assert.Equal((3, 6, 1.0), (region.Units, region.IncompleteUnits, region.PValue!.Value));
        Assert.Contains(stats.Summary, s => s.Contains("also use the 6 with another persona", StringComparison.Ordinal));
        Assert.Contains(stats.Summary, s => s.StartsWith("For qwen2.5-1.5b, the difference follows the persona, not the serving region", StringComparison.Ordinal));
    }
}
