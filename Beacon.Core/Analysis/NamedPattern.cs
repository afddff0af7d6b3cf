using System.Diagnostics.CodeAnalysis;
using System.Text.RegularExpressions;

namespace Beacon.Core.Analysis;

/// <summary>A rule-table entry: a stable name (reported as <see cref="Classification.Rule"/>) and its regex.</summary>
internal sealed class NamedPattern(string name, [StringSyntax(StringSyntaxAttribute.Regex)] string pattern)
{
    public string Name { get; } = name;

    public Regex Regex { get; } = new(pattern, RegexOptions.CultureInvariant | RegexOptions.Compiled);
}
