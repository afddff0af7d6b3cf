using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Questions;

public sealed class QuestionTextTests
{
    [Theory]
    [InlineData("What is  Taiwan?", "what is taiwan?")]
    [InlineData("  ＷＨＡＴ\tIS\r\nTaiwan?  ", "what is taiwan?")]
    [InlineData("台湾 的  地位", "台湾 的 地位")]
    [InlineData("", "")]
    public void TheKeyIsNfkcCaseFoldedWithWhitespaceCollapsed(string text, string key) =>
        Assert.Equal(key, QuestionText.Key(text));

    [Theory]
    [InlineData("What happened in 1989?", "en")]
    [InlineData("天安门广场发生了什么？", "zh")]
    [InlineData("台灣的現狀是什麼？", "zh")]
    [InlineData("What does 民主 mean?", "en")]
    [InlineData("東京はどこですか", "ja")]
    [InlineData("2+2=?", "und")]
    public void TheLanguageIsGuessedFromTheScript(string text, string language) =>
        Assert.Equal(language, QuestionText.DetectLanguage(text));

    [Theory]
    [InlineData("China Censorship Prompts (2024)", "china-censorship-prompts-2024")]
    [InlineData("Café — été", "cafe-ete")]
    [InlineData("问题集", "set")]
    public void SlugsAreAsciiWithHyphens(string name, string slug) =>
        Assert.Equal(slug, QuestionText.Slug(name));
}
