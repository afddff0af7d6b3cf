using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Beacon.Core.Inference;

/// <summary>
/// Text a broken model or precision produces that must never count as an answer: runs of "!!!!" (Qwen2-family models
/// in fp16 on a T4), U+FFFD replacement characters, no letters. Such a reply is a technical failure with the error code
/// <see cref="ErrorCode"/>. The rules are the endpoint's (modal-deployment/beacon_endpoint/degenerate.py; keep them
/// equal) and deliberately narrow, so that "4", "2 + 2 = 4.", "Paris", "巴黎。" and ordinary Markdown pass. Beacon
/// applies them to every endpoint's text, including OpenAI-compatible servers that do no such check.
/// </summary>
public static partial class DegenerateOutputDetector
{
    public const string ErrorCode = "degenerate_output";

    public const string ReplacementCharacters = "replacement_characters";
    public const string NoLettersOrDigits = "no_letters_or_digits";
    public const string NoLetters = "no_letters";
    public const string RepeatedSequence = "repeated_sequence";

    private const int ReplacementMinCount = 3;
    private const double ReplacementMinShare = 0.1;
    private const int NoLettersMinLength = 64;
    private const int RepeatMinSpan = 16;
    private const double RepeatMinShare = 0.3;
    private const int RepeatAlwaysSpan = 200;
    private const int ExcerptChars = 80;

    // Characters Markdown and plain-text layout repeat legitimately (rules, tables, ellipses, indents).
    private const string FormattingCharacters = "-=_*#~.|:+`>'\"\u2014\u2500\u2501\u2550\u00b7\u2026 \t\r\n\u3000";

    /// <summary>The first rule the text breaks, or null. Empty text is not judged here (it is its own failure).</summary>
    public static DegenerateOutput? Detect(string? text)
    {
        var stripped = (text ?? string.Empty).Trim();
        var visible = stripped.EnumerateRunes().Where(r => !Rune.IsWhiteSpace(r)).ToList();
        if (visible.Count == 0)
        {
            return null;
        }

        var replacements = visible.Count(r => r == Rune.ReplacementChar);
        if (replacements >= ReplacementMinCount || (replacements > 0 && (double)replacements / visible.Count >= ReplacementMinShare))
        {
            return new(ReplacementCharacters, $"{replacements} U+FFFD replacement characters in {visible.Count} visible characters");
        }

        if (!visible.Any(r => Rune.IsLetter(r) || Rune.IsDigit(r)))
        {
            return new(NoLettersOrDigits, $"no letter or digit: '{Excerpt(stripped)}'");
        }

        if (visible.Count >= NoLettersMinLength && !visible.Any(Rune.IsLetter))
        {
            return new(NoLetters, $"{visible.Count} visible characters, no letter: '{Excerpt(stripped)}'");
        }

        foreach (Match match in RepeatedUnit().Matches(stripped))
        {
            var unit = match.Groups[1].Value;
            var span = match.Length;
            if (span < RepeatMinSpan || string.IsNullOrWhiteSpace(unit))
            {
                continue;
            }
            var formatting = unit.All(c => FormattingCharacters.Contains(c, StringComparison.Ordinal));
            if (span >= RepeatAlwaysSpan || (!formatting && (double)span / stripped.Length >= RepeatMinShare))
            {
                return new(RepeatedSequence, string.Create(CultureInfo.InvariantCulture,
                    $"'{unit}' repeated {span / unit.Length} times ({span} of {stripped.Length} characters)"));
            }
        }
        return null;
    }

    /// <summary>The message of the technical failure that replaces a degenerate reply.</summary>
    public static string Describe(DegenerateOutput found) => $"Degenerate output, not an answer: {found}";

    private static string Excerpt(string text) => text.Length <= ExcerptChars ? text : text[..ExcerptChars] + "...";

    // One unit of 1-16 characters repeated back to back at least 4 times (the lazy unit finds the shortest period).
    [GeneratedRegex(@"(.{1,16}?)\1{3,}", RegexOptions.Singleline | RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex RepeatedUnit();
}
