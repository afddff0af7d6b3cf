using System.Globalization;
using System.Text;

namespace Beacon.Core.Analysis;

/// <summary>
/// Comparison of answers to the same question (across regions or models). Pure functions over strings.
/// Callers should leave technical failures out: an empty reply says nothing about a model's narrative.
/// </summary>
public static class TextSimilarity
{
    /// <summary>Latin-script words shorter than this are dropped ("a", "is", "of" carry no narrative).</summary>
    public const int MinimumWordLength = 3;

    /// <summary>
    /// Lower-cases (after NFKC, so full-width Ｔａｉｗａｎ becomes taiwan), strips punctuation and returns tokens in
    /// order, duplicates kept. Words of letters/digits are kept when at least <see cref="MinimumWordLength"/> long or
    /// when they contain a digit ("4", "20");
    /// apostrophes inside a word are removed ("don't" -> "dont"). Chinese and Japanese are written without spaces, so
    /// a run of CJK characters becomes overlapping character bigrams ("天安门广场" -> 天安, 安门, 门广, 广场); a lone
    /// CJK character is kept as a unigram. Bigrams are the usual segmentation-free unit for Chinese retrieval.
    /// </summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        var tokens = new List<string>();
        if (string.IsNullOrWhiteSpace(text))
        {
            return tokens;
        }

        var normalized = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var word = new StringBuilder();
        var cjkRun = new List<string>();

        foreach (var rune in normalized.EnumerateRunes())
        {
            if (IsCjk(rune))
            {
                FlushWord(word, tokens);
                cjkRun.Add(rune.ToString());
                continue;
            }

            FlushCjk(cjkRun, tokens);
            if (Rune.IsLetterOrDigit(rune) || Rune.GetUnicodeCategory(rune) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark)
            {
                word.Append(rune.ToString());
            }
            else if (rune.Value is '\'' or '\u2019' && word.Length > 0)
            {
                // Inside a word: drop it and keep the word whole ("don't" -> "dont", "china's" -> "chinas").
            }
            else
            {
                FlushWord(word, tokens);
            }
        }

        FlushWord(word, tokens);
        FlushCjk(cjkRun, tokens);
        return tokens;
    }

    /// <summary>|A ∩ B| / |A ∪ B| over token sets. Two texts without tokens are identical (1); one empty gives 0.</summary>
    public static double Jaccard(string? a, string? b)
    {
        var setA = Tokenize(a).ToHashSet(StringComparer.Ordinal);
        var setB = Tokenize(b).ToHashSet(StringComparer.Ordinal);
        if (setA.Count == 0 && setB.Count == 0)
        {
            return 1;
        }

        var intersection = setA.Count(setB.Contains);
        return (double)intersection / (setA.Count + setB.Count - intersection);
    }

    public static double[,] JaccardMatrix(IReadOnlyList<string?> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var n = documents.Count;
        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            matrix[i, i] = 1;
            for (var j = i + 1; j < n; j++)
            {
                matrix[i, j] = matrix[j, i] = Jaccard(documents[i], documents[j]);
            }
        }

        return matrix;
    }

    /// <summary>
    /// Pairwise cosine similarity of TF-IDF vectors: tf = raw count, idf = ln((1 + n) / (1 + df)) + 1 (the smoothed
    /// form, which stays positive when a term occurs in every document; with plain ln(n / df) two identical answers
    /// would both become zero vectors), vectors L2-normalised. Symmetric, diagonal 1. A document without tokens has
    /// similarity 0 with any non-empty one and 1 with another empty one, matching <see cref="Jaccard"/>.
    /// </summary>
    public static double[,] TfIdfCosine(IReadOnlyList<string?> documents)
    {
        ArgumentNullException.ThrowIfNull(documents);
        var n = documents.Count;
        var termCounts = documents
            .Select(d => Tokenize(d).GroupBy(t => t, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal))
            .ToList();

        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var term in termCounts.SelectMany(counts => counts.Keys))
        {
            documentFrequency[term] = documentFrequency.GetValueOrDefault(term) + 1;
        }

        var vectors = termCounts.Select(counts =>
        {
            var vector = counts.ToDictionary(
                kv => kv.Key,
                kv => kv.Value * (Math.Log((1.0 + n) / (1.0 + documentFrequency[kv.Key])) + 1),
                StringComparer.Ordinal);
            var norm = Math.Sqrt(vector.Values.Sum(w => w * w));
            foreach (var term in vector.Keys.ToList())
            {
                vector[term] /= norm;
            }

            return vector;
        }).ToList();

        var matrix = new double[n, n];
        for (var i = 0; i < n; i++)
        {
            matrix[i, i] = 1;
            for (var j = i + 1; j < n; j++)
            {
                matrix[i, j] = matrix[j, i] = Cosine(vectors[i], vectors[j]);
            }
        }

        return matrix;
    }

    public static double[,] SimilarityMatrix(IReadOnlyList<string?> documents, SimilarityMeasure measure) => measure switch
    {
        SimilarityMeasure.Jaccard => JaccardMatrix(documents),
        SimilarityMeasure.TfIdfCosine => TfIdfCosine(documents),
        _ => throw new ArgumentOutOfRangeException(nameof(measure), measure, "Unknown similarity measure."),
    };

    /// <summary>
    /// Narrative divergence of the answers: 1 - mean similarity over all unordered pairs, with pairs of trivially
    /// equivalent short answers (<see cref="AreTriviallyEquivalent"/>) counted as identical, so that "4" next to
    /// "2 + 2 = 4." does not rank among the most divergent answers. 0 = the same narrative, 1 = nothing shared.
    /// </summary>
    public static double NarrativeDivergence(IReadOnlyList<string?> answers, SimilarityMeasure measure) =>
        NarrativeDivergence(EquateTriviallyEquivalent(SimilarityMatrix(answers, measure), answers));

    /// <summary>Short answers have at most this many tokens (see <see cref="Tokenize"/>).</summary>
    public const int ShortAnswerTokens = 12;

    /// <summary>
    /// Whether two answers are both short (at most <see cref="ShortAnswerTokens"/> tokens) and say the same thing:
    /// the shorter one's tokens all occur in the longer one ("Paris" and "The capital of France is Paris."), or both
    /// contain numbers and end on the same number ("4" and "2 + 2 = 4."; "The answer is 4" and "2+2 equals 4").
    /// Lexical similarity calls such pairs very different; they are not a difference of narrative.
    /// </summary>
    public static bool AreTriviallyEquivalent(string? a, string? b)
    {
        var tokensA = Tokenize(a);
        var tokensB = Tokenize(b);
        if (tokensA.Count == 0 || tokensB.Count == 0 || tokensA.Count > ShortAnswerTokens || tokensB.Count > ShortAnswerTokens)
        {
            return false;
        }

        var setA = tokensA.ToHashSet(StringComparer.Ordinal);
        var setB = tokensB.ToHashSet(StringComparer.Ordinal);
        var (small, large) = setA.Count <= setB.Count ? (setA, setB) : (setB, setA);
        if (small.IsSubsetOf(large))
        {
            return true;
        }

        var lastNumberA = tokensA.LastOrDefault(t => t.All(char.IsAsciiDigit));
        var lastNumberB = tokensB.LastOrDefault(t => t.All(char.IsAsciiDigit));
        return lastNumberA is not null && lastNumberA == lastNumberB;
    }

    /// <summary>A copy of <paramref name="similarity"/> with 1 for every pair of trivially equivalent short answers.</summary>
    public static double[,] EquateTriviallyEquivalent(double[,] similarity, IReadOnlyList<string?> answers)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        ArgumentNullException.ThrowIfNull(answers);
        var result = (double[,])similarity.Clone();
        for (var i = 0; i < answers.Count; i++)
        {
            for (var j = i + 1; j < answers.Count; j++)
            {
                if (AreTriviallyEquivalent(answers[i], answers[j]))
                {
                    result[i, j] = result[j, i] = 1;
                }
            }
        }
        return result;
    }

    /// <inheritdoc cref="NarrativeDivergence(IReadOnlyList{string}, SimilarityMeasure)"/>
    public static double NarrativeDivergence(double[,] similarity)
    {
        ArgumentNullException.ThrowIfNull(similarity);
        var n = similarity.GetLength(0);
        if (n != similarity.GetLength(1))
        {
            throw new ArgumentException("A similarity matrix must be square.", nameof(similarity));
        }

        if (n < 2)
        {
            throw new ArgumentException("Divergence needs at least two answers to compare.", nameof(similarity));
        }

        var sum = 0.0;
        var pairs = 0;
        for (var i = 0; i < n; i++)
        {
            for (var j = i + 1; j < n; j++)
            {
                sum += similarity[i, j];
                pairs++;
            }
        }

        return 1 - (sum / pairs);
    }

    internal static bool IsCjk(Rune rune) => rune.Value switch
    {
        >= 0x3040 and <= 0x30FF => true,   // Hiragana, Katakana
        >= 0x3400 and <= 0x4DBF => true,   // CJK Extension A
        >= 0x4E00 and <= 0x9FFF => true,   // CJK Unified Ideographs
        >= 0xF900 and <= 0xFAFF => true,   // CJK Compatibility Ideographs
        >= 0x20000 and <= 0x2FA1F => true, // CJK Extensions B-F and compatibility supplement
        _ => false,
    };

    private static void FlushWord(StringBuilder word, List<string> tokens)
    {
        // Numbers are kept whatever their length: "4" and "20" are the substance of short factual answers.
        if (word.Length >= MinimumWordLength || word.ToString().Any(char.IsAsciiDigit))
        {
            tokens.Add(word.ToString());
        }

        word.Clear();
    }

    private static void FlushCjk(List<string> run, List<string> tokens)
    {
        if (run.Count == 1)
        {
            tokens.Add(run[0]);
        }

        for (var i = 0; i + 1 < run.Count; i++)
        {
            tokens.Add(run[i] + run[i + 1]);
        }

        run.Clear();
    }

    private static double Cosine(Dictionary<string, double> a, Dictionary<string, double> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return a.Count == 0 && b.Count == 0 ? 1 : 0;
        }

        var (small, large) = a.Count <= b.Count ? (a, b) : (b, a);
        var dot = 0.0;
        foreach (var (term, weight) in small)
        {
            if (large.TryGetValue(term, out var other))
            {
                dot += weight * other;
            }
        }

        return Math.Min(1, dot);
    }
}
