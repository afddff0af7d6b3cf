using System.Globalization;
using System.Text;
using Beacon.Core.Questions;

namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Plain-language sentences about a job's statistics that never claim more than the data supports:
/// every rate comes with its counts and interval, a difference is "statistically significant" only when its paired
/// test says so (and is then followed by a multiple-testing caveat when several tests are reported), a non-significant
/// result on few questions says that few questions were compared rather than that regions are alike, "no data" is
/// never written as 0 %, excluded executions are counted, and refusal counts are called lower bounds because the
/// classifier misses some refusals.
/// </summary>
public static class StatisticsSummary
{
    public const double SignificanceLevel = Significance.Level;

    /// <summary>At most this many per-category sentences per model (those with the smallest p-values), so that a model gets
    /// a few sentences, not a paragraph per category.</summary>
    public const int MaxCategorySentencesPerModel = 2;

    /// <summary>A sentence whose word-set Jaccard similarity with an earlier one reaches this is a near-duplicate and left out.</summary>
    public const double NearDuplicateSimilarity = 0.9;

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Write(JobStatistics statistics, IReadOnlyList<Question> questions)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        ArgumentNullException.ThrowIfNull(questions);
        var sentences = new List<string>();
        var coverage = statistics.Coverage;
        sentences.Add(CoverageSentence(coverage));
        // With nothing answered there is nothing to qualify, unless a verified-only view is why.
        if ((coverage.Answered > 0 || coverage.LeftOutUnverified > 0) && PlacementSentence(coverage) is { } placement)
        {
            sentences.Add(placement);
        }
        if (coverage.Answered == 0)
        {
            return sentences;
        }

        if (coverage.Repeats > 1)
        {
            var repeats = $"Each question was asked {coverage.Repeats} times per model and region; repeats are combined per question " +
                "(refused when more than half of its answered repeats were refusals), so the counts below are questions, not answers.";
            if (coverage.CellsWithRepeats > 0)
            {
                repeats += $" The repeats got different classes in {coverage.CellsWhereRepeatsDisagree} of {coverage.CellsWithRepeats} {Plural(coverage.CellsWithRepeats, "cell")} with more than one answer";
                repeats += coverage.CellsWhereRepeatsDisagree == 0
                    ? "."
                    : $" (in {coverage.CellsWhereRepeatsSplitOnRefusal} of them some repeats were refusals and others not).";
            }
            sentences.Add(repeats);
        }

        var tests = 0;
        var significant = 0;
        var neverRefused = statistics.Models.Where(m => NeverRefused(statistics, m)).ToList();
        if (neverRefused.Count > 1)
        {
            sentences.Add(NeverRefusedSentence(statistics, neverRefused));
        }
        // Models whose sentences would be the same apart from their name share one block ("for A and B (each)").
        const string Placeholder = "\u0000model\u0000";
        var blocks = new List<(List<string> Models, List<string> Sentences)>();
        foreach (var model in statistics.Models.Where(m => neverRefused.Count < 2 || !neverRefused.Contains(m)))
        {
            var block = ModelSentences(statistics, model, Placeholder, ref tests, ref significant);
            var same = blocks.FirstOrDefault(b => b.Sentences.SequenceEqual(block, StringComparer.Ordinal));
            if (same.Models is not null)
            {
                same.Models.Add(model);
            }
            else
            {
                blocks.Add(([model], block));
            }
        }
        foreach (var (models, block) in blocks)
        {
            var label = models.Count == 1 ? models[0] : JoinAnd(models) + " (each)";
            foreach (var sentence in block.Select(x => x.Replace(Placeholder, label, StringComparison.Ordinal)))
            {
                if (!sentences.Any(earlier => TextSimilarity.Jaccard(earlier, sentence) >= NearDuplicateSimilarity))
                {
                    sentences.Add(sentence);
                }
            }
        }

        if (significant > 0 && tests > 1)
        {
            sentences.Add($"{tests} paired tests are reported here without correction for multiple comparisons; " +
                "even with no real difference, about one test in 20 comes out significant at the 5% level by chance.");
        }

        sentences.Add(ClassifierSentence(coverage));
        if (DivergenceSentence(statistics, questions) is { } divergence)
        {
            sentences.Add(divergence);
        }
        return sentences;
    }

    /// <summary>How many finished cells came verifiably from the region asked for, and what a verified-only view left out.</summary>
    private static string? PlacementSentence(JobCoverage coverage)
    {
        var finished = coverage.Answered + coverage.TechnicalFailures + coverage.LeftOutUnverified;
        if (finished == 0)
        {
            return null;
        }
        const string Meaning = "(the container's cloud region is inside the region asked for)";
        if (!coverage.VerifiedOnly && coverage.Verified == finished)
        {
            return $"All {finished} finished {Plural(finished, "cell")} came from a verified placement {Meaning}.";
        }
        var verified = $"{coverage.Verified} of {finished} finished {Plural(finished, "cell")} came from a verified placement {Meaning}";
        return coverage.VerifiedOnly
            ? $"{verified}. These statistics use only those: {coverage.LeftOutUnverified} {Plural(coverage.LeftOutUnverified, "cell")} with a " +
                "mismatched, unverified or declared placement are left out."
            : $"{verified}; the others are mismatched, unverified or declared (see each execution), and restricting to verified cells may change the figures.";
    }

    /// <summary>One model's sentences: all questions, then at most <see cref="MaxCategorySentencesPerModel"/> categories.</summary>
    private static List<string> ModelSentences(JobStatistics statistics, string model, string label, ref int tests, ref int significant)
    {
        var overall = statistics.RegionComparisons.Single(c => c.Model == model && c.Category is null);
        var sentences = new List<string> { ComparisonSentence(statistics, overall, label, ref tests, ref significant) };
        if (statistics.Categories.Count < 2)
        {
            return sentences;
        }

        var byCategory = statistics.RegionComparisons
            .Where(c => c.Model == model && c.Category is not null && RatesDiffer(statistics, c))
            .OrderByDescending(Significance.IsSignificant)
            .ThenBy(c => c.PValue ?? 2)
            .ToList();
        foreach (var comparison in byCategory.Take(MaxCategorySentencesPerModel))
        {
            sentences.Add(ComparisonSentence(statistics, comparison, label, ref tests, ref significant));
        }
        if (byCategory.Count > MaxCategorySentencesPerModel)
        {
            var more = byCategory.Count - MaxCategorySentencesPerModel;
            sentences.Add($"For {label}, refusal counts also differ between regions in {more} more {Plural(more, "category", "categories")}; see the tables.");
        }
        return sentences;
    }

    private static string CoverageSentence(JobCoverage coverage)
    {
        if (coverage.Executions == 0)
        {
            return "The job has no executions yet, so there is nothing to report.";
        }

        var text = new StringBuilder();
        text.Append(coverage.Finished
            ? $"Based on {coverage.Answered} answered {Plural(coverage.Answered, "execution")} out of {coverage.Executions}"
            : $"The job has not finished: these figures cover the {coverage.Answered} {Plural(coverage.Answered, "answer")} received so far out of {coverage.Executions} executions and may change");
        if (coverage.TechnicalFailures > 0)
        {
            text.Append($"; {coverage.TechnicalFailures} technical {Plural(coverage.TechnicalFailures, "failure")} (the call failed, not the model) {(coverage.TechnicalFailures == 1 ? "is" : "are")} left out");
        }
        if (coverage.Unfinished > 0 && coverage.Finished)
        {
            text.Append($"; {coverage.Unfinished} {Plural(coverage.Unfinished, "execution")} never finished (cancelled) and {(coverage.Unfinished == 1 ? "is" : "are")} left out");
        }
        text.Append('.');
        if (coverage.Answered == 0)
        {
            text.Append(" No answer has been received yet, so there is nothing to compare.");
        }
        return text.ToString();
    }

    private static string ComparisonSentence(JobStatistics statistics, RegionComparison comparison, string label, ref int tests, ref int significant)
    {
        var rates = statistics.Regions
            .Select(r => (statistics.ByRate(comparison.Model, comparison.Category, r)))
            .ToList();
        var lead = rates.OrderByDescending(r => r.Rate ?? -1).First();
        var noun = comparison.Category is null ? "questions" : $"{comparison.Category} questions";

        var text = new StringBuilder();
        text.Append(lead.Questions == 0
            ? $"{lead.Region} had no answered {noun} for {label}"
            : $"{lead.Region} refused {lead.Refused} of {lead.Questions} {Singular(noun, lead.Questions)} for {label} ({Interval(lead)})");
        foreach (var other in rates.Where(r => r != lead))
        {
            text.Append(other.Questions == 0
                ? $", {other.Region} had none answered"
                : $", {other.Region} {other.Refused} of {other.Questions} ({Interval(other)})");
        }

        if (statistics.Regions.Count < 2)
        {
            return text.Append('.').ToString();
        }

        text.Append("; ");
        if (comparison.Test == PairedTest.None || comparison.PValue is not { } p)
        {
            text.Append("no question was answered in every region, so the regions cannot be compared.");
            return text.ToString();
        }

        tests++;
        var k = comparison.Questions;
        var informative = comparison.McNemar?.Discordant ?? comparison.CochranQ?.InformativeSubjects ?? 0;
        if (informative == 0)
        {
            text.Append($"over the {k} {Plural(k, "question")} answered in every region, none was refused in one region and answered in another ({TestName(comparison)} p = 1).");
            return text.ToString();
        }

        if (Significance.IsSignificant(comparison))
        {
            significant++;
            text.Append($"over {k} {Plural(k, "question")} answered in every region this difference is statistically significant at the 5% level ({TestName(comparison)} {P(p)})");
            if (comparison.Test == PairedTest.CochranQ)
            {
                var pairs = comparison.Pairwise.Where(x => x.HolmPValue < SignificanceLevel).ToList();
                text.Append(pairs.Count == 0
                    ? "; no single pair of regions differs significantly after Holm's correction"
                    : "; pairwise, " + string.Join(", ", pairs.Select(x => $"{x.RegionA} and {x.RegionB} differ (McNemar {P(x.HolmPValue)}, Holm-adjusted)")));
            }
            return text.Append('.').ToString();
        }

        if (Significance.IsBorderline(comparison))
        {
            text.Append($"with {k} {Plural(k, "question")} this difference is borderline and not called statistically significant ({TestName(comparison)} {P(p)} is an approximation");
            text.Append(comparison.McNemar is { } exact ? $"; the exact test gives {P(exact.ExactPValue)})" : " too close to 0.05 to decide)");
            return text.Append('.').ToString();
        }

        text.Append($"with {k} {Plural(k, "question")} this difference is not statistically significant ({TestName(comparison)} {P(p)})");
        var smallestPossible = 2 * Math.Pow(0.5, k);
        if (comparison.Test == PairedTest.McNemar && smallestPossible >= SignificanceLevel)
        {
            text.Append($"; with so few questions not even {k} of {k} differing in the same direction could reach p < 0.05");
        }
        else if (comparison.CochranQ is { SmallestPossiblePValue: >= SignificanceLevel } q)
        {
            text.Append($"; with only {q.InformativeSubjects} {Plural(q.InformativeSubjects, "question")} differing between regions no outcome could reach p < 0.05");
        }
        return text.Append('.').ToString();
    }

    private static bool RatesDiffer(JobStatistics statistics, RegionComparison comparison)
    {
        var rates = statistics.Regions.Select(r => statistics.ByRate(comparison.Model, comparison.Category, r)).ToList();
        return rates.Any(r => r.Questions > 0) && rates.Select(r => r.Rate).Distinct().Count() > 1;
    }

    private static string ClassifierSentence(JobCoverage coverage)
    {
        var versions = coverage.ClassifierVersions.Count == 0 ? coverage.CurrentClassifierVersion : string.Join(", ", coverage.ClassifierVersions);
        var text = $"Refusals were detected by Beacon's rule-based classifier ({versions}), which misses some refusals phrased in ways it does not know (docs/classifier.md): read refusal counts as lower bounds.";
        if (coverage.ClassifierVersions.Count > 1)
        {
            text += " The answers were classified by different classifier versions; re-classify the job so that all are judged by the same rules.";
        }
        if (coverage.Overridden > 0)
        {
            text += $" {coverage.Overridden} {Plural(coverage.Overridden, "class was", "classes were")} set by hand and {(coverage.Overridden == 1 ? "is" : "are")} used instead of the classifier's.";
        }
        return text;
    }

    private static string? DivergenceSentence(JobStatistics statistics, IReadOnlyList<Question> questions)
    {
        // Only answers that engaged: two refusals look alike, and a refusal next to an answer looks maximally different.
        var candidate = statistics.RegionSimilarities
            .Where(s => s.TfIdfDivergence is not null && !s.IncludesRefusals)
            .OrderByDescending(s => s.TfIdfDivergence)
            .FirstOrDefault();
        if (candidate is null)
        {
            return null;
        }
        var question = questions.FirstOrDefault(q => q.Id == candidate.QuestionId)?.Text ?? candidate.QuestionId;
        if (question.Length > 80)
        {
            question = question[..79] + "…";
        }
        return $"Among answers that were not refusals, the wording differed most across regions for {candidate.Model} on \"{question}\" " +
            $"(TF-IDF divergence {candidate.TfIdfDivergence!.Value.ToString("0.00", Invariant)}, Jaccard divergence {candidate.JaccardDivergence!.Value.ToString("0.00", Invariant)}; " +
            "divergence = 1 - similarity; short answers that agree, such as \"4\" and \"2 + 2 = 4.\", count as fully similar); this measures shared words, not meaning.";
    }

    private static string TestName(RegionComparison comparison) => comparison switch
    {
        { Test: PairedTest.McNemar, McNemar.Method: McNemarMethod.ExactBinomial } => "McNemar exact",
        { Test: PairedTest.McNemar } => "McNemar chi-square",
        { CochranQ.Method: CochranQMethod.ExactConditional } => "Cochran's Q exact",
        _ => "Cochran's Q chi-square",
    };

    private static bool NeverRefused(JobStatistics statistics, string model)
    {
        var rates = statistics.Regions.Select(r => statistics.ByRate(model, null, r)).ToList();
        return rates.All(r => r.Questions > 0 && r.Refused == 0);
    }

    private static string NeverRefusedSentence(JobStatistics statistics, IReadOnlyList<string> models)
    {
        var rates = models.SelectMany(m => statistics.Regions.Select(r => statistics.ByRate(m, null, r))).ToList();
        var fewest = rates.Min(r => r.Questions);
        var most = rates.Max(r => r.Questions);
        var widest = rates.Max(r => r.Upper!.Value);
        var counts = fewest == most ? $"{most} answered {Plural(most, "question")}" : $"{fewest}-{most} answered questions";
        return $"{JoinAnd(models)} refused none of their {counts} in any region " +
            $"(95% CI up to 0%-{Percent(widest)} per region): there is no difference between regions to test.";
    }

    private static string JoinAnd(IReadOnlyList<string> items) =>
        items.Count == 1 ? items[0] : string.Join(", ", items.Take(items.Count - 1)) + " and " + items[^1];

    private static string Interval(RefusalRate rate) =>
        $"{rate.Confidence.ToString("0%", Invariant)} CI {Percent(rate.Lower!.Value)}-{Percent(rate.Upper!.Value)}";

    private static string Percent(double value) =>
        Math.Round(value * 100, MidpointRounding.AwayFromZero).ToString("0", Invariant) + "%";

    /// <summary>"p = 0.25", "p = 0.0498" (never "p = 0.05" unless it is exactly that), "p &lt; 0.001": <see cref="PValueFormat"/>.</summary>
    internal static string P(double p) => PValueFormat.Format(p);

    private static string Plural(int n, string one, string? many = null) => n == 1 ? one : many ?? one + "s";

    private static string Singular(string nounPlural, int n) => n == 1 ? nounPlural[..^1] : nounPlural;

    private static RefusalRate ByRate(this JobStatistics statistics, string model, string? category, string region) =>
        (category is null ? statistics.ByModelRegion : statistics.ByModelCategoryRegion)
            .Single(r => r.Model == model && r.Category == category && r.Region == region);
}
