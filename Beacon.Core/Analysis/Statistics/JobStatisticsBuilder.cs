using Beacon.Core.Placement;
using Beacon.Core.Questions;

namespace Beacon.Core.Analysis.Statistics;

/// <summary>
/// Computes a job's statistics from its executions, fed one at a time (<see cref="Add"/>) or as counts of executions
/// alike aggregated in SQL (<see cref="AddAlike"/>, <see cref="AddFactorObservations"/>): only counts, one byte per
/// execution for the factor tests and one answer text per cell (its first answered repeat) are kept.
/// Repeats are aggregated per question first (majority refused): repeats of one question are not independent
/// trials, so the trials of every rate and test are questions.
/// </summary>
public sealed class JobStatisticsBuilder
{
    public const int ExcerptLength = 280;

    private readonly IReadOnlyList<Question> _questions;
    private readonly IReadOnlyList<string> _models;
    private readonly IReadOnlyList<string> _regions;
    private readonly int _repeats;
    private readonly double _confidence;
    private readonly Dictionary<(string Question, string Model, string Region), Tally> _cells = [];
    private readonly SortedSet<string> _versions = new(StringComparer.Ordinal);
    private readonly bool _verifiedOnly;
    private readonly Dictionary<(string Question, string Model, string Region, string Persona), List<sbyte>> _factorOutcomes = [];
    private const sbyte NoObservation = -1, NotAnswered = 0, AnsweredOutcome = 1, RefusedOutcome = 2;
    private readonly bool _matchedOnlyInTables;
    private readonly SortedSet<string> _personas = new(StringComparer.Ordinal);
    private int _outsideTables;
    private int _executions, _answered, _failures, _unfinished, _overridden, _verified, _leftOut;

    /// <param name="personas">The job's requested personas (empty: matched only). When they include "matched" (or are
    /// empty), the region tables and tests use the cells with each region's own persona, as in an ordinary job; the factor
    /// tests (<see cref="FactorAnalysis"/>) use every cell.</param>
    /// <param name="verifiedOnly">Use only executions whose placement was verified (the rest are counted as left out).</param>
    public JobStatisticsBuilder(IReadOnlyList<Question> questions, IReadOnlyList<string> models, IReadOnlyList<string> regions, int repeats,
        double confidence = 0.95, IReadOnlyList<string>? personas = null, bool verifiedOnly = false)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(regions);
        _questions = questions;
        _models = models;
        _regions = regions;
        _repeats = repeats;
        _confidence = confidence;
        _verifiedOnly = verifiedOnly;
        _matchedOnlyInTables = personas is null || personas.Count == 0 || personas.Contains(Jobs.Personas.Matched, StringComparer.Ordinal);
        foreach (var question in questions)
        {
            foreach (var model in models)
            {
                foreach (var region in regions)
                {
                    _cells[(question.Id, model, region)] = new Tally();
                }
            }
        }
    }

    /// <summary>One execution: its factor observation and its place in the tables.</summary>
    public void Add(ExecutionObservation execution)
    {
        ArgumentNullException.ThrowIfNull(execution);
        AddFactorObservation(execution.QuestionId, execution.Model, execution.Region, execution.Persona, execution.RepeatIndex,
            execution.Class is null or ResponseClass.TechnicalFailure ? null : execution.Class == ResponseClass.Refusal);
        AddAlike(execution, 1);
    }

    /// <summary>
    /// <paramref name="count"/> executions of one cell and persona alike in everything the tables use (class, override,
    /// classifier version, placement verdict), <paramref name="first"/> being the first of them by repeat: it is the cell's
    /// answer for the similarity measures when no earlier repeat answered. Its response may be left null and supplied
    /// later (<see cref="SupplyResponses"/>). Factor observations are added separately (<see cref="AddFactorObservation"/>).
    /// </summary>
    public void AddAlike(ExecutionObservation first, int count)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        if (!_cells.TryGetValue((first.QuestionId, first.Model, first.Region), out var tally))
        {
            throw new ArgumentException(
                $"Execution {first.ExecutionId} ({first.QuestionId}, {first.Model}, {first.Region}) is not a cell of this job.", nameof(first));
        }

        _personas.Add(first.EffectivePersona);
        if (_matchedOnlyInTables && first.EffectivePersona != first.Region)
        {
            // A crossed persona or the no-prompt control: counted by the factor tests, not by the region tables.
            _outsideTables += count;
            return;
        }

        _executions += count;
        if (first.Class is not null && first.Placement == PlacementVerdict.Verified)
        {
            _verified += count;
        }
        else if (first.Class is not null && _verifiedOnly)
        {
            // Not proven to come from its region: kept out of every rate and test, and counted so the summary says so.
            _leftOut += count;
            return;
        }
        if (first.Overridden)
        {
            _overridden += count;
        }
        if (first.ClassifierVersion is { } version)
        {
            _versions.Add(version);
        }

        switch (first.Class)
        {
            case null:
                _unfinished += count;
                tally.Unfinished += count;
                return;
            case ResponseClass.TechnicalFailure:
                _failures += count;
                tally.TechnicalFailures += count;
                return;
            case ResponseClass.Refusal:
                tally.Refused += count;
                break;
            case ResponseClass.Partial:
                tally.Partial += count;
                break;
            default:
                tally.Substantive += count;
                break;
        }

        _answered += count;
        if (tally.Representative is null || first.RepeatIndex < tally.Representative.RepeatIndex)
        {
            tally.Representative = first;
        }
    }

    /// <summary>
    /// One execution as the factor tests see it (<paramref name="refused"/> null: not answered). Kept as one byte per
    /// repeat of its cell and persona, not as an object per execution.
    /// </summary>
    public void AddFactorObservation(string questionId, string model, string region, string? persona, int repeatIndex, bool? refused) =>
        AddFactorObservations(questionId, model, region, persona, [repeatIndex], refused);

    /// <summary>The same outcome for several repeats of one cell and persona.</summary>
    public void AddFactorObservations(string questionId, string model, string region, string? persona, IReadOnlyList<int> repeatIndexes, bool? refused)
    {
        ArgumentNullException.ThrowIfNull(repeatIndexes);
        if (!_cells.ContainsKey((questionId, model, region)))
        {
            throw new ArgumentException($"({questionId}, {model}, {region}) is not a cell of this job.", nameof(questionId));
        }
        var key = (questionId, model, region, persona ?? region);
        _personas.Add(key.Item4);
        if (!_factorOutcomes.TryGetValue(key, out var outcomes))
        {
            _factorOutcomes[key] = outcomes = new List<sbyte>(_repeats);
        }
        var code = refused switch { null => NotAnswered, true => RefusedOutcome, false => AnsweredOutcome };
        foreach (var repeatIndex in repeatIndexes)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(repeatIndex);
            while (outcomes.Count <= repeatIndex)
            {
                outcomes.Add(NoObservation);
            }
            // As before: the first answered observation of a repeat counts (one execution per repeat in practice).
            if (outcomes[repeatIndex] is NoObservation or NotAnswered)
            {
                outcomes[repeatIndex] = code;
            }
        }
    }

    /// <summary>The executions whose answers the similarity measures and keyword counts use: one per cell.</summary>
    public IReadOnlyList<long> RepresentativeIds() =>
        _cells.Values.Where(t => t.Representative is not null).Select(t => t.Representative!.ExecutionId).ToList();

    /// <summary>The answer texts of <see cref="RepresentativeIds"/>, for a caller that added them without.</summary>
    public void SupplyResponses(IReadOnlyDictionary<long, string?> responses)
    {
        ArgumentNullException.ThrowIfNull(responses);
        foreach (var tally in _cells.Values)
        {
            if (tally.Representative is { } r && responses.TryGetValue(r.ExecutionId, out var text))
            {
                tally.Representative = r with { Response = text };
            }
        }
    }

    /// <param name="finished">Whether the job has stopped (completed, failed or cancelled): the summary says so when not.</param>
    public JobStatistics Build(bool finished)
    {
        var categories = _questions.Select(q => q.Category).Distinct(StringComparer.Ordinal).ToList();
        var cells = new List<CellStatistics>();
        foreach (var question in _questions)
        {
            foreach (var model in _models)
            {
                foreach (var region in _regions)
                {
                    cells.Add(_cells[(question.Id, model, region)].ToStatistics(question, model, region));
                }
            }
        }
        var cellIndex = cells.ToDictionary(c => (c.QuestionId, c.Model, c.Region));

        var byModelRegion = new List<RefusalRate>();
        var byModelCategoryRegion = new List<RefusalRate>();
        var comparisons = new List<RegionComparison>();
        foreach (var model in _models)
        {
            byModelRegion.AddRange(_regions.Select(r => Rate(model, null, r, _questions, cellIndex)));
            comparisons.Add(Compare(model, null, _questions, cellIndex));
            foreach (var category in categories)
            {
                var inCategory = _questions.Where(q => q.Category == category).ToList();
                byModelCategoryRegion.AddRange(_regions.Select(r => Rate(model, category, r, inCategory, cellIndex)));
                comparisons.Add(Compare(model, category, inCategory, cellIndex));
            }
        }

        var withRepeats = cells.Count(c => c.Answered >= 2);
        var disagreeing = cells.Count(c => c.RepeatsDisagree);
        var splitOnRefusal = cells.Count(c => c.Agreement is < 1);
        var coverage = new JobCoverage(
            _executions, _answered, _failures, _unfinished, _overridden, _questions.Count, _repeats, withRepeats, disagreeing, splitOnRefusal,
            _versions.ToList(), ResponseClassifier.Version, finished, _verified, _verifiedOnly, _leftOut);

        var factors = FactorAnalysis.CompareAll(FactorObservations(), _models);
        var statistics = new JobStatistics(
            coverage, _models, _regions, categories, cells, byModelRegion, byModelCategoryRegion, comparisons,
            RegionSimilarities(), ModelComparisons(), Keywords(), [], factors);
        var summary = StatisticsSummary.Write(statistics, _questions).ToList();
        if (_outsideTables > 0)
        {
            summary.Add($"The figures per region above use the {_executions:N0} executions answered with each region's own persona; the factor tests " +
                $"below also use the {_outsideTables:N0} with another persona ({string.Join(", ", _personas)}).");
        }
        else if (_personas.Any(p => !_regions.Contains(p, StringComparer.Ordinal)) || _personas.Count > _regions.Count)
        {
            summary.Add($"The figures per region pool this job's personas ({string.Join(", ", _personas)}) as repeats; the factor tests below separate them.");
        }
        summary.AddRange(FactorSummary.Write(factors));
        return statistics with { Summary = summary };
    }

    private RefusalRate Rate(string model, string? category, string region, IReadOnlyList<Question> questions,
        Dictionary<(string, string, string), CellStatistics> cells)
    {
        int refused = 0, answered = 0, failed = 0, unfinished = 0;
        foreach (var question in questions)
        {
            var cell = cells[(question.Id, model, region)];
            if (cell.Answered > 0)
            {
                answered++;
                refused += cell.MajorityRefused == true ? 1 : 0;
            }
            else if (cell.TechnicalFailures > 0)
            {
                failed++;
            }
            else
            {
                unfinished++;
            }
        }

        var interval = WilsonInterval.Compute(refused, answered, _confidence);
        return interval.IsEmpty
            ? new RefusalRate(model, category, region, 0, 0, null, null, null, _confidence, failed, unfinished)
            : new RefusalRate(model, category, region, refused, answered, interval.Rate, interval.Lower, interval.Upper, _confidence, failed, unfinished);
    }

    private RegionComparison Compare(string model, string? category, IReadOnlyList<Question> questions,
        Dictionary<(string, string, string), CellStatistics> cells)
    {
        var complete = questions.Where(q => _regions.All(r => cells[(q.Id, model, r)].Answered > 0)).ToList();
        var incomplete = questions.Count - complete.Count;
        var outcomes = complete.Select(q => _regions.Select(r => cells[(q.Id, model, r)].MajorityRefused == true).ToArray()).ToArray();
        var refusedPerRegion = _regions.Select((r, j) => (r, outcomes.Count(o => o[j]))).ToDictionary(x => x.r, x => x.Item2, StringComparer.Ordinal);

        RegionComparison None(string note) =>
            new(model, category, _regions, complete.Count, incomplete, refusedPerRegion, PairedTest.None, null, null, null, [], note);

        if (_regions.Count < 2)
        {
            return None("Only one region: there is nothing to compare across regions.");
        }
        if (complete.Count == 0)
        {
            return None("No question was answered in every region, so no question can be paired.");
        }

        if (_regions.Count == 2)
        {
            var mcNemar = McNemarTest.Compute(outcomes.Select(o => o[0]).ToArray(), outcomes.Select(o => o[1]).ToArray());
            return new RegionComparison(model, category, _regions, complete.Count, incomplete, refusedPerRegion, PairedTest.McNemar,
                mcNemar.PValue, mcNemar, null, [], null);
        }

        var q = CochranQTest.Compute(outcomes);
        var pairs = new List<(string A, string B, McNemarResult Result)>();
        for (var a = 0; a < _regions.Count; a++)
        {
            for (var b = a + 1; b < _regions.Count; b++)
            {
                pairs.Add((_regions[a], _regions[b], McNemarTest.Compute(outcomes.Select(o => o[a]).ToArray(), outcomes.Select(o => o[b]).ToArray())));
            }
        }
        var holm = HolmCorrection.Adjust(pairs.Select(p => p.Result.PValue).ToList());
        var pairwise = pairs.Select((p, i) => new PairwiseComparison(p.A, p.B, p.Result, holm[i])).ToList();
        var note = CochranNote(q);
        return new RegionComparison(model, category, _regions, complete.Count, incomplete, refusedPerRegion, PairedTest.CochranQ,
            q.PValue, null, q, pairwise, note);
    }

    private static string? CochranNote(CochranQResult q)
    {
        if (q.InformativeSubjects == 0)
        {
            return null;
        }
        var chiSquare = PValueFormat.Format(q.ChiSquarePValue);
        if (q.Method == CochranQMethod.ChiSquare)
        {
            return $"The exact distribution is too large to enumerate: {chiSquare} is the chi-square approximation.";
        }
        var note = $"p is exact (conditional on each question's refusals, every arrangement across regions equally likely); the chi-square approximation would give {chiSquare}.";
        if (q.SmallestPossiblePValue is >= PValueFormat.Level and var smallest)
        {
            note += $" With only {q.InformativeSubjects} question(s) differing between regions, no outcome could reach p < 0.05 (the smallest possible is {PValueFormat.Number(smallest)}).";
        }
        return note;
    }

    private List<RegionSimilarity> RegionSimilarities()
    {
        var result = new List<RegionSimilarity>();
        foreach (var question in _questions)
        {
            foreach (var model in _models)
            {
                var answers = _regions
                    .Select(r => (Region: r, Answer: _cells[(question.Id, model, r)].Representative))
                    .Where(x => x.Answer is not null)
                    .ToList();
                if (answers.Count == 0)
                {
                    continue;
                }
                var texts = answers.Select(a => a.Answer!.Response).ToList();
                var jaccard = TextSimilarity.JaccardMatrix(texts);
                var tfIdf = TextSimilarity.TfIdfCosine(texts);
                var several = answers.Count >= 2;
                result.Add(new RegionSimilarity(
                    question.Id, model,
                    answers.Select(a => a.Region).ToList(),
                    answers.Select(a => a.Answer!.ExecutionId).ToList(),
                    answers.Select(a => a.Answer!.Class!.Value).ToList(),
                    Jagged(jaccard), Jagged(tfIdf),
                    several ? TextSimilarity.NarrativeDivergence(TextSimilarity.EquateTriviallyEquivalent(jaccard, texts)) : null,
                    several ? TextSimilarity.NarrativeDivergence(TextSimilarity.EquateTriviallyEquivalent(tfIdf, texts)) : null,
                    answers.Any(a => a.Answer!.Class == ResponseClass.Refusal),
                    EquivalentPairs(texts)));
            }
        }
        return result;
    }

    private List<ModelComparison> ModelComparisons()
    {
        var result = new List<ModelComparison>();
        foreach (var question in _questions)
        {
            foreach (var region in _regions)
            {
                var answers = _models.Select(m => (Model: m, Answer: _cells[(question.Id, m, region)].Representative)).ToList();
                var texts = answers.Where(a => a.Answer is not null).Select(a => a.Answer!.Response).ToList();
                var several = texts.Count >= 2;
                result.Add(new ModelComparison(
                    question.Id, region,
                    answers.Select(a => a.Answer is { } e
                        ? new ModelAnswer(a.Model, e.ExecutionId, e.Class, Excerpt(e.Response), e.Response?.Length ?? 0)
                        : new ModelAnswer(a.Model, null, null, null, null)).ToList(),
                    several ? TextSimilarity.NarrativeDivergence(texts, SimilarityMeasure.Jaccard) : null,
                    several ? TextSimilarity.NarrativeDivergence(texts, SimilarityMeasure.TfIdfCosine) : null));
            }
        }
        return result;
    }

    // Keyword mentions are counted in each cell's answer (its first answered repeat), as the similarity measures are: a
    // bounded sample whatever the number of repeats, so the statistics never read every answer of a large job.
    private List<KeywordCounts> Keywords()
    {
        var result = new List<KeywordCounts>();
        foreach (var region in _regions)
        {
            var all = KeywordGroups.Default.ToDictionary(g => g.Name, _ => 0, StringComparer.Ordinal);
            var answers = 0;
            foreach (var model in _models)
            {
                var mentions = KeywordGroups.Default.ToDictionary(g => g.Name, _ => 0, StringComparer.Ordinal);
                var modelAnswers = 0;
                foreach (var question in _questions)
                {
                    if (_cells[(question.Id, model, region)].Representative is not { } answer)
                    {
                        continue;
                    }
                    modelAnswers++;
                    foreach (var (group, count) in KeywordGroups.CountMentions(answer.Response))
                    {
                        mentions[group] += count;
                    }
                }
                result.Add(new KeywordCounts(model, region, modelAnswers, mentions));
                answers += modelAnswers;
                foreach (var (group, count) in mentions)
                {
                    all[group] += count;
                }
            }
            result.Add(new KeywordCounts(null, region, answers, all));
        }
        return result;
    }

    // The factor tests' observations, one model at a time would do as well; in question order, so duplicates (two
    // questions of one variant group in one language) resolve the same way whoever fed the builder.
    private List<FactorObservation> FactorObservations()
    {
        var result = new List<FactorObservation>();
        foreach (var question in _questions)
        {
            foreach (var model in _models)
            {
                foreach (var region in _regions)
                {
                    foreach (var persona in _personas)
                    {
                        if (!_factorOutcomes.TryGetValue((question.Id, model, region, persona), out var outcomes))
                        {
                            continue;
                        }
                        for (var repeat = 0; repeat < outcomes.Count; repeat++)
                        {
                            if (outcomes[repeat] != NoObservation)
                            {
                                result.Add(new FactorObservation(question.VariantGroup, question.Language, model, region, persona, repeat,
                                    outcomes[repeat] switch { NotAnswered => null, RefusedOutcome => true, _ => false }));
                            }
                        }
                    }
                }
            }
        }
        return result;
    }

    private static int EquivalentPairs(IReadOnlyList<string?> texts)
    {
        var pairs = 0;
        for (var i = 0; i < texts.Count; i++)
        {
            for (var j = i + 1; j < texts.Count; j++)
            {
                pairs += TextSimilarity.AreTriviallyEquivalent(texts[i], texts[j]) ? 1 : 0;
            }
        }
        return pairs;
    }

    private static string? Excerpt(string? text) =>
        text is null ? null : text.Length <= ExcerptLength ? text : text[..(ExcerptLength - 1)] + "…";

    private static double[][] Jagged(double[,] matrix)
    {
        var n = matrix.GetLength(0);
        var rows = new double[n][];
        for (var i = 0; i < n; i++)
        {
            rows[i] = new double[n];
            for (var j = 0; j < n; j++)
            {
                rows[i][j] = Math.Round(matrix[i, j], 4);
            }
        }
        return rows;
    }

    private sealed class Tally
    {
        public int Substantive;
        public int Partial;
        public int Refused;
        public int TechnicalFailures;
        public int Unfinished;
        public ExecutionObservation? Representative;

        public CellStatistics ToStatistics(Question question, string model, string region)
        {
            var answered = Substantive + Partial + Refused;
            bool? majority = answered == 0 ? null : Refused * 2 > answered;
            double? agreement = answered < 2 ? null : (double)Math.Max(Refused, answered - Refused) / answered;
            return new CellStatistics(question.Id, question.Category, model, region, Substantive, Partial, Refused, TechnicalFailures, Unfinished, majority, agreement);
        }
    }
}
