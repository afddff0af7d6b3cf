using System.Text;

namespace Beacon.Core.Analysis;

/// <summary>
/// Words (and CJK bigrams) of the question. An answer that only repeats them ("Hong Kong in 2019 is not a topic I can
/// go into") has told the reader nothing, so echoed words do not count as content.
/// </summary>
internal sealed class QuestionEcho
{
    public static readonly QuestionEcho None = new(new HashSet<string>(StringComparer.Ordinal));

    private readonly HashSet<string> terms;

    private QuestionEcho(HashSet<string> terms) => this.terms = terms;

    public static QuestionEcho From(string? question)
    {
        if (string.IsNullOrWhiteSpace(question))
        {
            return None;
        }

        var terms = new HashSet<string>(StringComparer.Ordinal);
        ContentMeasure.VisitTerms(AnswerText.Fold(question.Normalize(NormalizationForm.FormKC)), term => terms.Add(term.Key));
        return new QuestionEcho(terms);
    }

    public bool Contains(string key) => terms.Contains(key);
}
