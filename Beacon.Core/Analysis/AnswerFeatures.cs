namespace Beacon.Core.Analysis;

/// <summary>
/// Turns an answer into hashed features for <see cref="LinearModel"/>: word unigrams and bigrams (Latin script),
/// character bigrams and trigrams (Chinese, which needs no word segmentation this way), the same again for the
/// opening words (where models decline), the ending (where they offer alternatives), the answer's length band and
/// the rule layer's verdict. Only the first <see cref="HeadChars"/> and the last <see cref="TailChars"/> characters
/// are read: that bounds the cost per answer and is why the committed training texts may be cut the same way.
/// Hashing is FNV-1a with a fixed seed per feature kind, so features are identical on every machine and run.
/// </summary>
internal static class AnswerFeatures
{
    public const int HeadChars = 1200;
    public const int TailChars = 300;
    public const int BucketBits = 17;
    public const int Buckets = 1 << BucketBits;

    private const int OpeningWords = 30;
    private const int OpeningCjkChars = 60;
    private const uint FnvOffset = 2166136261;
    private const uint FnvPrime = 16777619;

    private static readonly int[] LengthBands = [10, 40, 100, 250, 600, 1200];
    private static readonly string[] LengthNames =
        ["length<10", "length<40", "length<100", "length<250", "length<600", "length<1200", "length>=1200"];

    /// <summary>
    /// Adds the features of <paramref name="folded"/> (see <see cref="AnswerText.Folded"/>) to <paramref name="into"/>.
    /// Text inside <paramref name="quoted"/> spans is skipped: a quoted refusal is reported, not uttered.
    /// </summary>
    public static void Extract(string folded, Classification rules, IReadOnlyList<(int Start, int End)> quoted, List<TextFeature> into)
    {
        var bodyEnd = Math.Min(folded.Length, HeadChars);
        var textStart = into.Count;
        var state = new ScanState { Quoted = quoted };
        Scan(folded, 0, bodyEnd, FeatureRegion.Body, into, ref state);
        if (folded.Length > HeadChars)
        {
            var tail = new ScanState { WordsSeen = int.MaxValue, CjkSeen = int.MaxValue, Quoted = quoted };
            Scan(folded, Math.Max(HeadChars, folded.Length - TailChars), folded.Length, FeatureRegion.Ending, into, ref tail);
        }

        // Longer answers have more features; scaling keeps the sum of squares at 1 so length alone does not decide.
        var textCount = into.Count - textStart;
        if (textCount > 0)
        {
            var scale = (float)(1 / Math.Sqrt(textCount));
            for (var i = textStart; i < into.Count; i++)
            {
                into[i] = into[i] with { Value = scale };
            }
        }

        var band = 0;
        while (band < LengthBands.Length && folded.Length >= LengthBands[band])
        {
            band++;
        }

        AddNamed(LengthNames[band], into);
        AddNamed("rules-class:" + rules.Class, into);
        AddNamed("rule:" + rules.Rule, into);
    }

    /// <summary>The text a feature stands for, as shown in evidence.</summary>
    public static string Describe(TextFeature feature, string folded) =>
        feature.Name ?? (feature.Region == FeatureRegion.Opening ? "opening:" : feature.Region == FeatureRegion.Ending ? "ending:" : "")
            + folded.Substring(feature.Start, feature.Length).Replace('\n', ' ');

    private static void AddNamed(string name, List<TextFeature> into)
    {
        var hash = FnvOffset ^ 0x9E3779B9u;
        foreach (var c in name)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        into.Add(new TextFeature(Bucket(hash), 1f, 0, 0, name, FeatureRegion.Meta));
    }

    private static void Scan(string text, int start, int end, FeatureRegion region, List<TextFeature> into, ref ScanState s)
    {
        var wordStart = -1;
        var wordHash = 0u;
        for (var i = start; i <= end; i++)
        {
            for (var q = 0; q < s.Quoted.Count; q++)
            {
                var (qs, qe) = s.Quoted[q];
                if (i > qs && i < qe)
                {
                    i = Math.Min(qe, end);
                    break;
                }
            }

            var c = i < end ? text[i] : ' ';
            var isCjk = IsCjk(c);
            if (!isCjk && (char.IsLetterOrDigit(c) || (c == '\'' && wordStart >= 0)))
            {
                if (wordStart < 0)
                {
                    wordStart = i;
                    wordHash = FnvOffset;
                }

                wordHash = (wordHash ^ c) * FnvPrime;
                continue;
            }

            if (wordStart >= 0)
            {
                AddWord(wordHash, wordStart, i - wordStart, region, into, ref s);
                wordStart = -1;
            }

            if (isCjk)
            {
                AddCjk(text, i, start, region, into, ref s);
            }
            else if (!char.IsWhiteSpace(c))
            {
                // Punctuation ends a phrase: no bigram across "I can't. However".
                s.HasPreviousWord = false;
            }
        }
    }

    private static void AddWord(uint hash, int start, int length, FeatureRegion region, List<TextFeature> into, ref ScanState s)
    {
        into.Add(new TextFeature(Bucket(Seeded(hash, (uint)region * 4 + 1)), 1f, start, length, null, region));
        if (s.HasPreviousWord)
        {
            var pair = Seeded((s.PreviousWordHash * 31) + hash, (uint)region * 4 + 2);
            into.Add(new TextFeature(Bucket(pair), 1f, s.PreviousWordStart, start + length - s.PreviousWordStart, null, region));
        }

        if (region == FeatureRegion.Body && s.WordsSeen < OpeningWords)
        {
            into.Add(new TextFeature(Bucket(Seeded(hash, 1)), 1f, start, length, null, FeatureRegion.Opening));
            if (s.HasPreviousWord)
            {
                var pair = Seeded((s.PreviousWordHash * 31) + hash, 2);
                into.Add(new TextFeature(Bucket(pair), 1f, s.PreviousWordStart, start + length - s.PreviousWordStart, null, FeatureRegion.Opening));
            }
        }

        s.WordsSeen++;
        s.HasPreviousWord = true;
        s.PreviousWordHash = hash;
        s.PreviousWordStart = start;
    }

    private static void AddCjk(string text, int i, int regionStart, FeatureRegion region, List<TextFeature> into, ref ScanState s)
    {
        s.HasPreviousWord = false;
        var opening = region == FeatureRegion.Body && s.CjkSeen < OpeningCjkChars;
        s.CjkSeen++;
        for (var n = 2; n <= 3; n++)
        {
            var first = i - n + 1;
            if (first < regionStart || !IsCjk(text[first]) || (n == 3 && !IsCjk(text[i - 1])))
            {
                return;
            }

            var hash = FnvOffset;
            for (var k = first; k <= i; k++)
            {
                hash = (hash ^ text[k]) * FnvPrime;
            }

            into.Add(new TextFeature(Bucket(Seeded(hash, (uint)region * 4 + (uint)n + 1)), 1f, first, n, null, region));
            if (opening)
            {
                into.Add(new TextFeature(Bucket(Seeded(hash, (uint)n + 1)), 1f, first, n, null, FeatureRegion.Opening));
            }
        }
    }

    // CJK unified ideographs (and extension A, compatibility ideographs): each character is a token.
    private static bool IsCjk(char c) => c is (>= '\u4e00' and <= '\u9fff') or (>= '\u3400' and <= '\u4dbf') or (>= '\uf900' and <= '\ufaff');

    private static uint Seeded(uint hash, uint kind) => hash ^ (kind * 0x9E3779B9u);

    // Murmur3's finaliser spreads FNV's low bits before they are masked to a bucket.
    private static int Bucket(uint h)
    {
        h ^= h >> 16;
        h *= 0x85EBCA6B;
        h ^= h >> 13;
        h *= 0xC2B2AE35;
        h ^= h >> 16;
        return (int)(h & (Buckets - 1));
    }

    private struct ScanState
    {
        public int WordsSeen;
        public int CjkSeen;
        public bool HasPreviousWord;
        public uint PreviousWordHash;
        public int PreviousWordStart;
        public IReadOnlyList<(int Start, int End)> Quoted;
    }
}
