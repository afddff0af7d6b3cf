using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>
/// Words (and CJK bigrams) of the question. An answer that only repeats them ("Hong Kong in 2019 is not a topic I can
/// go into") has told the reader nothing, so echoed words do not count as content.
/// </summary>
internal sealed partial class QuestionEcho
{
    public static readonly QuestionEcho None = new(new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> terms;
    private readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> lookup;

    private QuestionEcho(HashSet<string> terms, bool asksForOpinion = false)
    {
        this.terms = terms;
        lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        AsksForOpinion = asksForOpinion;
    }

    /// <summary>"What do you think of ...?": declining to give an opinion then declines the question itself.</summary>
    public bool AsksForOpinion { get; }

    public static QuestionEcho From(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return None;
        }

        var folded = AnswerText.Fold(question.Normalize(NormalizationForm.FormKC));
        var collector = new TermCollector(new HashSet<string>(StringComparer.Ordinal));
        ContentMeasure.VisitTerms(folded, ref collector);
        return new QuestionEcho(collector.Terms, OpinionQuestion().IsMatch(folded));
    }

    public bool Contains(ReadOnlySpan<char> key) => terms.Count > 0 && lookup.Contains(key);

    [GeneratedRegex(@"\bwhat do you think\b|\byour (?:own |personal )?(?:opinion|view|thoughts|stance|position)\b|\bdo you (?:think|believe|support|agree)\b|\bhow do you feel\b|你(?:怎么看|如何看待|认为|觉得|的看法|的观点|的立场)")]
    private static partial Regex OpinionQuestion();

    private readonly struct TermCollector(HashSet<string> terms) : ContentMeasure.ITermVisitor
    {
        public HashSet<string> Terms => terms;

        public void Visit(ReadOnlySpan<char> key, bool isCjk, bool isNumber) => terms.Add(key.ToString());
    }
}
