using System.Text;

namespace Beacon.Core.Analysis;

/// <summary>
/// How much an answer says, in "units": one per informative Latin-script word (three letters or more, not a stop word,
/// or any number), half a unit per CJK bigram without a function character (a Chinese word is about two characters). Words that echo the question
/// do not count. Deliberately crude: it only has to tell "nothing but a refusal" from "a refusal and then an answer".
/// Runs on every clause of every answer, so it allocates nothing: terms are looked up as spans.
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

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> StopWordLookup = StopWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Chinese function characters. A bigram containing one ("历了", "的时") is grammar, not content; without this a
    // Chinese sentence measured about twice the units of its English translation.
    private const string FunctionCharacters = "的了是在和有也就都而及与着或一这那个些其之吗呢吧啊我你您他她它们";

    /// <summary>Receives each content term: its key (stemmed word, CJK character or bigram), script and whether it is a number.</summary>
    public interface ITermVisitor
    {
        void Visit(ReadOnlySpan<char> key, bool isCjk, bool isNumber);
    }

    public static double Units(ReadOnlySpan<char> foldedText, QuestionEcho echo)
    {
        var counter = new UnitCounter(echo);
        VisitTerms(foldedText, ref counter);
        return counter.Units;
    }

    /// <summary>Calls <paramref name="visitor"/> for each content term of already-folded text.</summary>
    public static void VisitTerms<T>(ReadOnlySpan<char> folded, ref T visitor)
        where T : struct, ITermVisitor
    {
        // A word is its letters and digits with apostrophes dropped ("can't" -> "cant"), so it is gathered in a buffer.
        Span<char> word = stackalloc char[64];
        var wordLength = 0;
        var hasDigit = false;

        // The CJK run so far: the previous character (one or two UTF-16 units) and how many characters it has.
        Span<char> pair = stackalloc char[4];
        var previousLength = 0;
        var runCount = 0;

        var i = 0;
        while (i < folded.Length)
        {
            Rune.DecodeFromUtf16(folded[i..], out var rune, out var consumed);
            var current = folded.Slice(i, consumed);
            i += consumed;
            if (TextSimilarity.IsCjk(rune))
            {
                FlushWord(word[..wordLength], hasDigit, ref visitor);
                wordLength = 0;
                hasDigit = false;
                if (runCount > 0 && !IsFunction(pair[..previousLength]) && !IsFunction(current))
                {
                    current.CopyTo(pair[previousLength..]);
                    visitor.Visit(pair[..(previousLength + current.Length)], isCjk: true, isNumber: false);
                }

                current.CopyTo(pair);
                previousLength = current.Length;
                runCount++;
                continue;
            }

            if (runCount == 1)
            {
                visitor.Visit(pair[..previousLength], isCjk: true, isNumber: false);
            }

            runCount = 0;
            if (Rune.IsLetterOrDigit(rune))
            {
                if (wordLength + consumed > word.Length)
                {
                    var larger = new char[word.Length * 2];
                    word[..wordLength].CopyTo(larger);
                    word = larger;
                }

                current.CopyTo(word[wordLength..]);
                wordLength += consumed;
                hasDigit |= Rune.IsDigit(rune);
            }
            else if (rune.Value != '\'' || wordLength == 0)
            {
                FlushWord(word[..wordLength], hasDigit, ref visitor);
                wordLength = 0;
                hasDigit = false;
            }
        }

        FlushWord(word[..wordLength], hasDigit, ref visitor);
        if (runCount == 1)
        {
            visitor.Visit(pair[..previousLength], isCjk: true, isNumber: false);
        }

    }

    private static void FlushWord<T>(ReadOnlySpan<char> word, bool isNumber, ref T visitor)
        where T : struct, ITermVisitor
    {
        if (word.Length == 0)
        {
            return;
        }

        if (isNumber || (word.Length >= 3 && !StopWordLookup.Contains(word)))
        {
            visitor.Visit(Stem(word), isCjk: false, isNumber);
        }
    }

    private static bool IsFunction(ReadOnlySpan<char> character) =>
        character.Length == 1 && FunctionCharacters.Contains(character[0]);

    // Enough stemming for echo detection: "taiwan's"/"taiwans" match "taiwan", "protests" match "protest".
    private static ReadOnlySpan<char> Stem(ReadOnlySpan<char> word) =>
        word.Length > 4 && word[^1] == 's' && word[^2] != 's' ? word[..^1] : word;

    private struct UnitCounter(QuestionEcho echo) : ITermVisitor
    {
        public double Units { get; private set; }

        public void Visit(ReadOnlySpan<char> key, bool isCjk, bool isNumber)
        {
            if (!echo.Contains(key))
            {
                Units += isCjk ? 0.5 : 1;
            }
        }
    }
}
