using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>
/// An answer prepared for rule matching. <see cref="Display"/> is the NFKC form of the answer (evidence is cut from
/// it); <see cref="Folded"/> has the same length, lower-cased, with typographic quotes straightened and traditional
/// Chinese characters folded to simplified, so one pattern table serves "I can’t"/"I can't" and 無法/无法.
/// The text is cut into clauses: sentences, further split before a pivot ("but", "however", 但) and, in Chinese, at
/// commas, because a model often declines in one clause and answers in the next.
/// </summary>
internal sealed partial class AnswerText
{
    // Traditional -> simplified, as "繁简" pairs separated by white space: every CJK ideograph that OpenCC's
    // character-level conversion maps to one other character (scripts/classifier/fold_table.js). Not a general converter
    // (no phrases, same length), but enough that 無法回答這個問題 reads as 无法回答这个问题 to the rules and the model.
    private const string FoldResource = "Beacon.Core.Analysis.Model.traditional-to-simplified.txt";

    // Every UTF-16 code unit folded once, so folding an answer is one table lookup per character.
    private static readonly char[] FoldTable = BuildFoldTable();

    private AnswerText(string display, string folded, IReadOnlyList<Clause> clauses)
    {
        Display = display;
        Folded = folded;
        Clauses = clauses;
    }

    public string Display { get; }

    public string Folded { get; }

    public IReadOnlyList<Clause> Clauses { get; }

    public static AnswerText Parse(string answer)
    {
        var display = Normalize(answer);
        var folded = Fold(display);
        return new AnswerText(display, folded, SplitClauses(folded));
    }

    /// <summary>NFKC: full-width letters and punctuation become ASCII (！ -> !), compatibility characters plain.</summary>
    public static string Normalize(string text) =>
        text.IsNormalized(NormalizationForm.FormKC) ? text : text.Normalize(NormalizationForm.FormKC);

    /// <summary>Lower-case, straight quotes, simplified characters; always the same length as the input.</summary>
    public static string Fold(string text) =>
        string.Create(text.Length, text, static (chars, source) =>
        {
            var table = FoldTable;
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = table[source[i]];
            }
        });

    /// <summary>The last clause starting at or before <paramref name="position"/> (0 when none does).</summary>
    public int ClauseIndexAt(int position)
    {
        int lo = 0, hi = Clauses.Count - 1, found = 0;
        while (lo <= hi)
        {
            var mid = (lo + hi) >>> 1;
            if (Clauses[mid].Start <= position)
            {
                found = mid;
                lo = mid + 1;
            }
            else
            {
                hi = mid - 1;
            }
        }

        return found;
    }

    private static List<Clause> SplitClauses(string folded)
    {
        // (position, startsNewSentence)
        var cuts = new List<(int Position, bool Sentence)>();
        foreach (Match m in SentenceBoundary().Matches(folded))
        {
            cuts.Add((m.Index + m.Length, true));
        }

        foreach (Match m in ClauseBoundary().Matches(folded))
        {
            cuts.Add((m.Index + m.Length, false));
        }

        cuts.Sort((a, b) => a.Position != b.Position ? a.Position.CompareTo(b.Position) : b.Sentence.CompareTo(a.Sentence));

        var clauses = new List<Clause>();
        var sentence = 0;
        var start = 0;
        var sentenceHasClause = false;
        foreach (var (position, isSentence) in cuts.Append((folded.Length, true)))
        {
            if (position > start && HasLetterOrDigit(folded, start, position))
            {
                clauses.Add(new Clause(start, position - start, sentence));
                sentenceHasClause = true;
            }

            start = Math.Max(start, position);
            if (isSentence && sentenceHasClause)
            {
                sentence++;
                sentenceHasClause = false;
            }
        }

        return clauses;
    }

    private static bool HasLetterOrDigit(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (char.IsLetterOrDigit(text[i]))
            {
                return true;
            }
        }

        return false;
    }

    private static char[] BuildFoldTable()
    {
        using var stream = typeof(AnswerText).Assembly.GetManifestResourceStream(FoldResource)
            ?? throw new InvalidOperationException($"The resource {FoldResource} is missing from Beacon.Core.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var simplified = new Dictionary<char, char>();
        foreach (var pair in reader.ReadToEnd().Split((char[])[' ', '\n', '\r'], StringSplitOptions.RemoveEmptyEntries))
        {
            simplified.Add(pair[0], pair[1]);
        }

        var table = new char[char.MaxValue + 1];
        for (var i = 0; i <= char.MaxValue; i++)
        {
            var c = char.ToLowerInvariant((char)i);
            c = c switch
            {
                '\u2018' or '\u2019' or '\u02bc' or '`' => '\'',
                '\u201c' or '\u201d' => '"',
                _ => c,
            };
            table[i] = simplified.GetValueOrDefault(c, c);
        }

        return table;
    }

    // Sentence ends: CJK full stop, ! ? ; (NFKC already turned ！？； into ASCII), line breaks, and a period that
    // is followed by a space, a quote, a CJK character or the end (so "2.5" and "u.s.a" stay whole).
    [GeneratedRegex(@"[。!?;\n]+|\.(?=\s|$|[""')\]]|\p{IsCJKUnifiedIdeographs})")]
    private static partial Regex SentenceBoundary();

    // Clause ends inside a sentence: a comma next to Chinese text (a Chinese comma after NFKC), the enumeration comma,
    // a colon, and the position just before a pivot word.
    [GeneratedRegex(@"(?<=\p{IsCJKUnifiedIdeographs}\s*),|,(?=\s*\p{IsCJKUnifiedIdeographs})|、|:|\b(?=(?:but|however|although|though|nevertheless|nonetheless|whereas|yet|while|that said)\b)|(?=但是|但|不过|然而|可是)")]
    private static partial Regex ClauseBoundary();
}
