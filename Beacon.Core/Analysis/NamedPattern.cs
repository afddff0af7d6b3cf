using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>
/// A rule-table entry: a stable name (reported as <see cref="Classification.Rule"/>) and its regex. An entry may name
/// literals of which every match contains at least one (<paramref name="requires"/>): a text with none of them is
/// skipped with a vectorised substring search instead of a regex scan, which is most of the classifier's cost on
/// long answers. The literals never change what matches, only how fast a non-match is found.
/// </summary>
internal sealed class NamedPattern(string name, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern, params string[] requires)
{
    public string Name { get; } = name;

    public Regex Regex { get; } = new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);

    public IEnumerable<Match> Matches(string text) =>
        requires.Length == 0 || requires.Any(r => text.Contains(r, StringComparison.Ordinal)) ? Regex.Matches(text) : [];
}
