using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>
/// A named theme (e.g. "protest") and the terms that signal it, in English and Chinese. Latin-script terms match at
/// a word start and any suffix ("protest" counts protests, protesters, protested); CJK terms match as substrings,
/// since Chinese has no word boundaries. Matches never overlap and the longest term wins, so 示威游行 counts once.
/// </summary>
public sealed class KeywordGroup
{
    private readonly Regex pattern;

    public KeywordGroup(string name, IReadOnlyList<string> terms)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(terms);
        if (terms.Count == 0)
        {
            throw new ArgumentException("A keyword group needs at least one term.", nameof(terms));
        }

        Name = name;
        Terms = terms;
        pattern = new Regex(BuildPattern(terms), RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Compiled);
    }

    public string Name { get; }

    public IReadOnlyList<string> Terms { get; }

    public int CountMentions(string? text) =>
        string.IsNullOrEmpty(text) ? 0 : pattern.Count(text.Normalize(NormalizationForm.FormKC));

    private static string BuildPattern(IReadOnlyList<string> terms)
    {
        // Longest first: .NET alternation takes the first alternative that matches, not the longest.
        var alternatives = terms
            .OrderByDescending(t => t.Length)
            .Select(t => t.EnumerateRunes().Any(TextSimilarity.IsCjk)
                ? Regex.Escape(t)
                : @"(?<![\p{L}\p{N}-[\p{IsCJKUnifiedIdeographs}]])" + Regex.Escape(t).Replace(@"\ ", @"\s+", StringComparison.Ordinal) + @"[\p{L}-[\p{IsCJKUnifiedIdeographs}]]*");
        return string.Join('|', alternatives);
    }
}
