using System.Globalization;
using System.Text;

namespace Beacon.Core.Questions;

/// <summary>Text rules shared by imports and the catalogue: the duplicate key and a script-based language guess.</summary>
public static class QuestionText
{
    private static readonly System.Buffers.SearchValues<char> AsciiLetters =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>
    /// The key two questions are compared by: NFKC (full-width letters fold to ASCII), case-folded, every run of
    /// whitespace collapsed to one space, trimmed. "What is  Taiwan?" and "ＷＨＡＴ IS TAIWAN?" share a key; punctuation
    /// is kept, so "Taiwan?" and "Taiwan." do not.
    /// </summary>
    public static string Key(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        // ASCII is already NFKC and folds by lower-casing: skip the Unicode tables, which cost about ten times more on
        // the 10,000 long questions of a large import.
        // Otherwise upper then lower folds more pairs than lower alone (the Kelvin sign and final sigma end up equal).
        var folded = Ascii.IsValid(text) ? text : text.Normalize(NormalizationForm.FormKC).ToUpperInvariant().ToLowerInvariant();
        var builder = new StringBuilder(folded.Length);
        var pendingSpace = false;
        foreach (var c in folded)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }
            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }
            builder.Append(char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c);
        }
        return builder.ToString();
    }

    /// <summary>
    /// "zh" when Han characters outnumber Latin letters, "ja" when kana are present among them, "en" when Latin
    /// letters dominate, "und" (undetermined) when neither script appears. A guess by script only: French is "en".
    /// </summary>
    public static string DetectLanguage(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "und";
        }

        if (Ascii.IsValid(text))
        {
            return text.AsSpan().ContainsAny(AsciiLetters) ? "en" : "und";
        }

        int latin = 0, han = 0, kana = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case >= 0x3040 and <= 0x30FF:
                    kana++;
                    break;
                case (>= 0x3400 and <= 0x4DBF) or (>= 0x4E00 and <= 0x9FFF) or (>= 0xF900 and <= 0xFAFF) or (>= 0x20000 and <= 0x2FA1F):
                    han++;
                    break;
                default:
                    if (Rune.IsLetter(rune) && rune.Value < 0x0250)
                    {
                        latin++;
                    }
                    break;
            }
        }

        if (han + kana == 0)
        {
            return latin > 0 ? "en" : "und";
        }
        if (han + kana >= latin)
        {
            return kana > 0 ? "ja" : "zh";
        }
        return "en";
    }

    /// <summary>
    /// A slug for generated ids: ASCII letters and digits, lower-cased, other runs become one hyphen, at most 40
    /// characters. A name without any ("问题集") gives "set".
    /// </summary>
    public static string Slug(string? name)
    {
        var builder = new StringBuilder();
        foreach (var c in (name ?? "").Normalize(NormalizationForm.FormKD))
        {
            if (CharUnicodeInfo.GetUnicodeCategory(c) == UnicodeCategory.NonSpacingMark)
            {
                continue; // é -> e
            }
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else if (builder.Length > 0 && builder[^1] != '-')
            {
                builder.Append('-');
            }
            if (builder.Length >= 40)
            {
                break;
            }
        }
        var slug = builder.ToString().Trim('-');
        return slug.Length == 0 ? "set" : slug;
    }
}
