using System.Text;

namespace Beacon.Core.Analysis;

/// <summary>
/// How much an answer says, in "units": one per informative Latin-script word (three letters or more, not a stop word,
/// or any number), half a unit per CJK bigram without a function character (a Chinese word is about two characters). Words that echo the question
/// do not count. Deliberately crude: it only has to tell "nothing but a refusal" from "a refusal and then an answer".
/// </summary>
internal static class ContentMeasure
{
    // Function words and conversational glue. Kept short on purpose: content words must never be in here.
    private static readonly HashSet<string> StopWords = new(
        """
        the and for are was were that this these those with you your its has have had not but can will would could
        should may might there their they them then than from into about what which who whom been being also such
        some any all more most other very just only here how when where why our out his her she him one did does doing
        done each many much own same too over under again further once both few nor off upon like yes well really quite
        indeed certainly perhaps maybe still yet even though while because since something anything everything thing
        things way lot get got make made know think say said tell see use used want need able unable going please
        sorry thank thanks let lets dont cant wont isnt arent wasnt didnt doesnt youre theyre thats whats heres theres
        im ive ill id question questions topic topics subject matter request
        """.Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries),
        StringComparer.Ordinal);

    // Chinese function characters. A bigram containing one ("历了", "的时") is grammar, not content; without this a
    // Chinese sentence measured about twice the units of its English translation.
    private const string FunctionCharacters = "的了是在和有也就都而及与着或一这那个些其之吗呢吧啊我你您他她它们";

    public static double Units(string foldedText, QuestionEcho echo)
    {
        var units = 0.0;
        VisitTerms(foldedText, term =>
        {
            if (!echo.Contains(term.Key))
            {
                units += term.IsCjk ? 0.5 : 1;
            }
        });
        return units;
    }

    /// <summary>Calls <paramref name="visit"/> for each content term of already-folded text.</summary>
    public static void VisitTerms(string folded, Action<ContentTerm> visit)
    {
        var word = new StringBuilder();
        var cjk = new List<string>();
        foreach (var rune in folded.EnumerateRunes())
        {
            if (TextSimilarity.IsCjk(rune))
            {
                FlushWord(word, visit);
                cjk.Add(rune.ToString());
            }
            else
            {
                FlushCjk(cjk, visit);
                if (Rune.IsLetterOrDigit(rune))
                {
                    word.Append(rune.ToString());
                }
                else if (rune.Value != '\'' || word.Length == 0)
                {
                    FlushWord(word, visit);
                }
            }
        }

        FlushWord(word, visit);
        FlushCjk(cjk, visit);
    }

    private static void FlushWord(StringBuilder word, Action<ContentTerm> visit)
    {
        if (word.Length == 0)
        {
            return;
        }

        var text = word.ToString();
        word.Clear();
        var isNumber = text.Any(char.IsDigit);
        if (isNumber || (text.Length >= 3 && !StopWords.Contains(text)))
        {
            visit(new ContentTerm(Stem(text), IsCjk: false, isNumber));
        }
    }

    private static void FlushCjk(List<string> run, Action<ContentTerm> visit)
    {
        if (run.Count == 1)
        {
            visit(new ContentTerm(run[0], IsCjk: true, IsNumber: false));
        }

        for (var i = 0; i + 1 < run.Count; i++)
        {
            if (!FunctionCharacters.Contains(run[i], StringComparison.Ordinal) && !FunctionCharacters.Contains(run[i + 1], StringComparison.Ordinal))
            {
                visit(new ContentTerm(run[i] + run[i + 1], IsCjk: true, IsNumber: false));
            }
        }

        run.Clear();
    }

    // Enough stemming for echo detection: "taiwan's"/"taiwans" match "taiwan", "protests" match "protest".
    private static string Stem(string word) =>
        word.Length > 4 && word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) ? word[..^1] : word;
}
