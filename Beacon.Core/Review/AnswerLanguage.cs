using System.Text;

namespace Beacon.Core.Review;

/// <summary>
/// The language an answer is written in, for stratifying review samples: "zh" when at least a fifth of its letters are
/// CJK ideographs, otherwise the question's language (answers usually follow the question; a Chinese answer to an
/// English question is the case that matters, because the classifier errs differently on Chinese text).
/// </summary>
public static class AnswerLanguage
{
    public static string Detect(string? answer, string questionLanguage)
    {
        if (string.IsNullOrWhiteSpace(answer))
        {
            return questionLanguage;
        }
        int letters = 0, cjk = 0;
        foreach (var rune in answer.EnumerateRunes())
        {
            if (Rune.IsLetter(rune))
            {
                letters++;
                if (rune.Value is >= 0x3400 and <= 0x9FFF or >= 0xF900 and <= 0xFAFF or >= 0x20000 and <= 0x2FA1F)
                {
                    cjk++;
                }
            }
        }
        return letters > 0 && cjk * 5 >= letters ? "zh" : questionLanguage == "zh" ? "en" : questionLanguage;
    }
}
