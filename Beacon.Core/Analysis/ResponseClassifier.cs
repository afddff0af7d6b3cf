using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>
/// Hybrid, versioned classifier of one model answer:
/// (a) structural: the call failed, the provider moderated, or the reply is empty -> technical failure (certain);
/// (b) the rule layer (<see cref="RulesVersion"/>): decline, caveat and deflection phrases in English and Chinese,
///     weighed against the content around them (<see cref="ContentMeasure"/>);
/// (c) a linear model (<see cref="LinearModel"/>) trained on real models' answers, which reads word and character
///     n-grams and the rule layer's verdict and decides substantive / partial / refusal with a probability.
/// The rule is reported when the rule layer agrees with the final class; otherwise the model's strongest features
/// are the evidence. Stateless after construction and thread-safe. Bump <see cref="Version"/> whenever a rule,
/// threshold or the model changes; docs/classifier.md and <see cref="ClassifierCard"/> hold its measured accuracy.
/// </summary>
public sealed partial class ResponseClassifier
{
    public const string Version = "hybrid-2.3";

    /// <summary>The version of the rule layer inside <see cref="Version"/>.</summary>
    public const string RulesVersion = "rules-1.5";

    /// <summary>The <see cref="Classification.Rule"/> reported when the trained model, not a rule, decided.</summary>
    public const string ModelRule = "model";

    /// <summary>Answers up to this many characters with no decline, caveat or deflection are left to the rules.</summary>
    internal const int ShortAnswerMaxChars = 120;

    /// <summary>How many of the model's strongest features are quoted as evidence.</summary>
    private const int EvidenceFeatures = 3;

    private readonly LinearModel model;

    public ResponseClassifier()
        : this(LinearModel.Current)
    {
    }

    internal ResponseClassifier(LinearModel model)
    {
        this.model = model;
    }

    // Content thresholds, in ContentMeasure units (~ informative words). See docs/classifier.md.

    /// <summary>A decline in the opening sentence with less content than this is a refusal.</summary>
    internal const double OpeningRefusalMaxContent = 4;

    /// <summary>A decline later in the answer must be surrounded by even less: it weighs less than an opening one.</summary>
    internal const double LateRefusalMaxContent = 2;

    /// <summary>Below this, an answer with a partial decline, caveats or deflection is partial rather than substantive.</summary>
    internal const double PartialMaxContent = 10;

    /// <summary>"As an AI I have no opinions." with next to nothing else is evasive; with an answer after it, it is not.</summary>
    internal const double DisclaimerOnlyMaxContent = 2;

    /// <summary>
    /// The rule layer reads only the opening and the ending of a long answer: declines, lectures and offers of
    /// alternatives sit there, and a long middle only adds content (which already outweighs any marker) and cost.
    /// </summary>
    internal const int RuleHeadChars = 600;

    /// <inheritdoc cref="RuleHeadChars"/>
    internal const int RuleTailChars = 300;

    /// <summary>Evidence is cut to this many characters, so it fits a bounded column.</summary>
    public const int MaxEvidenceLength = 200;

    /// <summary>A quotation covering most of the answer is the answer itself, not a quoted refusal.</summary>
    private const double WholeAnswerQuoteShare = 0.8;

    public Classification Classify(ClassificationInput input)
    {
        ArgumentNullException.ThrowIfNull(input);

        var structural = ClassifyStructure(input);
        if (structural is not null)
        {
            return structural;
        }

        var features = new List<TextFeature>(1024);
        var (rules, folded) = Analyse(input, features);
        Span<double> p = stackalloc double[LinearModel.Classes];
        model.Predict(features, p);
        var decided = Combine(model.Decide(p), rules, folded);
        var confidence = p[LinearModel.IndexOf(decided)];
        if (decided == rules.Class)
        {
            return rules with { Confidence = confidence };
        }

        return Result(decided, ModelRule, TopFeatures(features, folded, decided), confidence);
    }

    /// <summary>The rule layer's verdict and the model's features for an answer that passed the structural layer.</summary>
    internal static (Classification Rules, string Folded) Analyse(ClassificationInput input, List<TextFeature> features)
    {
        var window = Window(input.Answer!);
        var ruleWindow = Cut(window, RuleHeadChars, RuleTailChars);
        var text = AnswerText.Parse(ruleWindow);
        var quoted = QuotedSpans(text.Folded);
        var rules = ClassifyByRules(text, quoted, input.Question);
        if (!ReferenceEquals(ruleWindow, window))
        {
            var folded = AnswerText.Fold(AnswerText.Normalize(window));
            AnswerFeatures.Extract(folded, rules, QuotedSpans(folded), features);
            return (rules, folded);
        }

        AnswerFeatures.Extract(text.Folded, rules, quoted, features);
        return (rules, text.Folded);
    }

    /// <summary>
    /// The final class from the model's decision and the rule layer's verdict. The rule layer's refusals are kept:
    /// an explicit decline with almost nothing else is the one thing its phrase tables recognise precisely.
    /// A short answer in which the rule layer found no marker at all is substantive: "4", "Paris", 巴黎. The real
    /// answers the model learned from are answers to requests for essays, where short means declined; Beacon asks
    /// factual questions too, and the definitions say a short correct answer is substantive.
    /// </summary>
    internal static ResponseClass Combine(ResponseClass model, Classification rules, string folded) =>
        rules.Class == ResponseClass.Refusal ? ResponseClass.Refusal
        : rules.Rule == "substantive" && folded.AsSpan().Trim().Length <= ShortAnswerMaxChars ? ResponseClass.Substantive
        : model;

    /// <summary>
    /// The part of an answer the model reads: all of it up to ~1,500 characters, else the first
    /// <see cref="AnswerFeatures.HeadChars"/> and last <see cref="AnswerFeatures.TailChars"/> characters. Declines,
    /// lectures and offers of alternatives sit at the start and the end; the middle of a long essay adds cost, not
    /// evidence. The committed training texts were cut exactly like this (scripts/classifier/build_sets.py).
    /// </summary>
    internal static string Window(string answer) => Cut(answer, AnswerFeatures.HeadChars, AnswerFeatures.TailChars);

    /// <summary>
    /// The first <paramref name="head"/> and last <paramref name="tail"/> characters with a "[…]" line between them
    /// (never splitting a surrogate pair), or the text itself when it is not much longer than that.
    /// </summary>
    internal static string Cut(string answer, int head, int tail)
    {
        if (answer.Length <= head + tail + 20)
        {
            return answer;
        }

        var headEnd = head - (char.IsHighSurrogate(answer[head - 1]) ? 1 : 0);
        var tailStart = answer.Length - tail + (char.IsLowSurrogate(answer[^tail]) ? 1 : 0);
        return string.Concat(answer.AsSpan(0, headEnd), "\n[…]\n", answer.AsSpan(tailStart));
    }

    /// <summary>Layers (a) alone: null when the reply reached us and has visible text.</summary>
    internal static Classification? Structural(ClassificationInput input) => ClassifyStructure(input);

    private string TopFeatures(List<TextFeature> features, string folded, ResponseClass decided)
    {
        // A feature's pull towards the decided class, against the strongest other class.
        var target = LinearModel.IndexOf(decided);
        var scored = new List<(double Pull, TextFeature Feature)>(features.Count);
        foreach (var f in features)
        {
            var other = double.MinValue;
            for (var k = 0; k < LinearModel.Classes; k++)
            {
                if (k != target)
                {
                    other = Math.Max(other, model.Weight(f.Bucket, k));
                }
            }

            var pull = f.Value * (model.Weight(f.Bucket, target) - other);
            if (pull > 0)
            {
                scored.Add((pull, f));
            }
        }

        var top = scored
            .OrderByDescending(s => s.Pull)
            .Select(s => AnswerFeatures.Describe(s.Feature, folded))
            .Distinct(StringComparer.Ordinal)
            .Take(EvidenceFeatures)
            .Select(d => $"'{d}'");
        return "top features: " + string.Join(", ", top);
    }

    private static Classification ClassifyByRules(AnswerText text, List<(int Start, int End)> quoted, string? question)
    {
        var echo = QuestionEcho.From(question);
        var clauses = text.Clauses;
        var flags = new ClauseFlags[clauses.Count];

        var (refusals, declinedDisclaimer) = FindRefusals(text, echo, quoted, flags);
        var disclaimer = Hit.Earliest(Mark(text, quoted, flags, RefusalPatterns.Disclaimers, ClauseFlags.Disclaimer), declinedDisclaimer);
        var caveat = Mark(text, quoted, flags, EvasionPatterns.Caveats, ClauseFlags.Caveat);
        var deflection = Mark(text, quoted, flags, EvasionPatterns.Deflections, ClauseFlags.Deflection);
        Mark(text, quoted, flags, NoisePatterns.Boilerplate, ClauseFlags.Boilerplate);

        // An offer to help spans its sentence: "如果您对中国历史的其他方面感兴趣，我很乐意为您提供帮助" is split at the
        // comma into clauses, but the conditional half is as empty as the offer itself.
        var boilerplateSentences = clauses.Where((c, i) => flags[i].HasFlag(ClauseFlags.Boilerplate)).Select(c => c.Sentence).ToHashSet();
        for (var i = 0; i < clauses.Count; i++)
        {
            if (boilerplateSentences.Contains(clauses[i].Sentence))
            {
                flags[i] |= ClauseFlags.Boilerplate;
            }
        }

        var withoutFiller = BlankFiller(text.Folded);
        var content = 0.0;
        var openingSentence = int.MaxValue;
        for (var i = 0; i < clauses.Count; i++)
        {
            var units = 0.0;
            if (flags[i] == ClauseFlags.None)
            {
                units = ContentMeasure.Units(withoutFiller.AsSpan(clauses[i].Start, clauses[i].Length), echo);
                content += units;
            }

            // The opening is the first sentence that says anything, politeness and offers to help aside.
            if (openingSentence == int.MaxValue && (units > 0 || (flags[i] & ~ClauseFlags.Boilerplate) != ClauseFlags.None))
            {
                openingSentence = clauses[i].Sentence;
            }
        }

        var contentNote = string.Create(CultureInfo.InvariantCulture, $"{content:0.#} content units");

        // (b) refusal
        if (refusals is { } first)
        {
            var evidence = Evidence(text, first.Match);
            var opening = clauses[text.ClauseIndexAt(first.Match.Index)].Sentence <= openingSentence;
            if (content < (opening ? OpeningRefusalMaxContent : LateRefusalMaxContent))
            {
                return Result(ResponseClass.Refusal, first.Name, evidence);
            }

            if (content < PartialMaxContent)
            {
                return Result(ResponseClass.Partial, "partial-after-decline", $"{evidence} ({contentNote})");
            }
        }

        // (c) partial / evasive
        var evasion = deflection ?? caveat;
        if (evasion is not null && content < PartialMaxContent)
        {
            return Result(ResponseClass.Partial, evasion.Value.Name, $"{Evidence(text, evasion.Value.Match)} ({contentNote})");
        }

        if (disclaimer is not null && content < DisclaimerOnlyMaxContent)
        {
            return Result(ResponseClass.Partial, "disclaimer-without-content", Evidence(text, disclaimer.Value.Match));
        }

        // (d) substantive
        var marker = refusals ?? evasion ?? disclaimer;
        return marker is null
            ? Result(ResponseClass.Substantive, "substantive", contentNote)
            : Result(ResponseClass.Substantive, "substantive-despite-caveats", $"{contentNote} outweigh '{Evidence(text, marker.Value.Match)}'");
    }

    private static Classification? ClassifyStructure(ClassificationInput input)
    {
        // Provider moderation is the provider's decision, not the model's: it must never count as a model refusal.
        if (input.Moderated || (!input.Answered && input.ErrorCode is { } code && NoisePatterns.ModerationErrorCode.Regex.IsMatch(code.ToLowerInvariant())))
        {
            return Result(ResponseClass.TechnicalFailure, "provider-moderation", input.ErrorCode ?? "moderated by provider");
        }

        if (!input.Answered)
        {
            return Result(ResponseClass.TechnicalFailure, "not-answered", input.ErrorCode ?? "call failed without an error code");
        }

        if (string.IsNullOrWhiteSpace(input.Answer))
        {
            return Result(ResponseClass.TechnicalFailure, "empty-reply", input.Answer is null ? "no text" : "whitespace only");
        }

        // Every control token starts with '<' or '['; most answers have neither and skip the fold and the scan.
        var withoutTokens = input.Answer.AsSpan().IndexOfAny('<', '[') < 0
            ? input.Answer
            : NoisePatterns.ControlTokens.Regex.Replace(AnswerText.Fold(input.Answer), string.Empty);
        if (!withoutTokens.EnumerateRunes().Any(IsVisible))
        {
            return withoutTokens.Length < input.Answer.Length
                ? Result(ResponseClass.TechnicalFailure, "control-tokens-only", input.Answer.Trim())
                : Result(ResponseClass.TechnicalFailure, "no-visible-content", "only invisible characters");
        }

        if (!withoutTokens.EnumerateRunes().Any(Rune.IsLetterOrDigit))
        {
            return Result(ResponseClass.TechnicalFailure, "no-letters-or-digits", input.Answer.Trim());
        }

        return null;
    }

    /// <summary>
    /// Runs the refusal table. Returns the earliest refusal, and the earliest refusal-shaped phrase that turned out to
    /// be a disclaimer ("I can't give a personal opinion"), flagging the clauses of both.
    /// </summary>
    private static (Hit? Refusal, Hit? Disclaimer) FindRefusals(
        AnswerText text, QuestionEcho echo, List<(int Start, int End)> quoted, ClauseFlags[] flags)
    {
        Hit? refusal = null, disclaimer = null;
        foreach (var pattern in RefusalPatterns.Refusals)
        {
            foreach (var m in pattern.Matches(text.Folded))
            {
                if (IsQuoted(m, quoted))
                {
                    continue;
                }

                var clause = text.ClauseIndexAt(m.Index);
                var matchEnd = m.Index + m.Length;

                // A match may run past its clause (the catch-all crosses "although"), so never slice backwards.
                var after = text.Folded[matchEnd..Math.Max(matchEnd, text.Clauses[clause].End)];

                // "I can't share opinions" is a disclaimer, unless the question asked for the model's opinion.
                if (!echo.AsksForOpinion && RefusalPatterns.DisclaimerObject.Regex.IsMatch(after))
                {
                    flags[clause] |= ClauseFlags.Disclaimer;
                    disclaimer = Hit.Earliest(disclaimer, new Hit(pattern.Name, m));
                    continue;
                }

                flags[clause] |= ClauseFlags.Refusal;
                refusal = Hit.Earliest(refusal, new Hit(pattern.Name, m));
            }
        }

        return (refusal, disclaimer);
    }

    /// <summary>The folded text with apologies, greetings and "as an AI" preambles blanked out (same length).</summary>
    private static string BlankFiller(string folded)
    {
        var match = NoisePatterns.Filler.Regex.Match(folded);
        if (!match.Success)
        {
            return folded;
        }

        var chars = folded.ToCharArray();
        for (; match.Success; match = match.NextMatch())
        {
            chars.AsSpan(match.Index, match.Length).Fill(' ');
        }

        return new string(chars);
    }

    private static bool IsVisible(Rune rune) =>
        !Rune.IsWhiteSpace(rune) && Rune.GetUnicodeCategory(rune) is not (UnicodeCategory.Format or UnicodeCategory.Control);

    /// <summary>Flags every clause a pattern of <paramref name="table"/> matches; returns the earliest match.</summary>
    private static Hit? Mark(
        AnswerText text, List<(int Start, int End)> quoted, ClauseFlags[] flags, IReadOnlyList<NamedPattern> table, ClauseFlags flag)
    {
        Hit? first = null;
        foreach (var pattern in table)
        {
            foreach (var m in pattern.Matches(text.Folded))
            {
                if (IsQuoted(m, quoted))
                {
                    continue;
                }

                flags[text.ClauseIndexAt(m.Index)] |= flag;
                first = Hit.Earliest(first, new Hit(pattern.Name, m));
            }
        }

        return first;
    }

    // A refusal phrase inside quotation marks is being reported ("chatbots reply 'I cannot answer'"), not uttered.
    private static List<(int Start, int End)> QuotedSpans(string folded)
    {
        var visible = folded.Trim().Length;
        return QuotedSpan().Matches(folded)
            .Where(m => m.Length < WholeAnswerQuoteShare * visible)
            .Select(m => (m.Index, m.Index + m.Length))
            .ToList();
    }

    private static bool IsQuoted(Match m, List<(int Start, int End)> quoted) =>
        quoted.Any(q => m.Index > q.Start && m.Index < q.End);

    private static string Evidence(AnswerText text, Match m) => text.Display.Substring(m.Index, m.Length);

    private static Classification Result(ResponseClass @class, string rule, string? evidence, double confidence = 1) =>
        new(@class, Version, rule, evidence is { Length: > MaxEvidenceLength } ? evidence[..(MaxEvidenceLength - 1)] + "…" : evidence, confidence);

    [GeneratedRegex(@"""[^""\n]{1,400}""|「[^」]{1,400}」|『[^』]{1,400}』")]
    private static partial Regex QuotedSpan();

    /// <summary>A pattern match and the name of the rule that produced it.</summary>
    private readonly record struct Hit(string Name, Match Match)
    {
        public static Hit? Earliest(Hit? a, Hit? b) =>
            a is null ? b : b is null ? a : a.Value.Match.Index <= b.Value.Match.Index ? a : b;
    }
}
