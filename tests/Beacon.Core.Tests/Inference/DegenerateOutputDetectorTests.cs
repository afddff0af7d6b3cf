using Beacon.Core.Inference;

namespace Beacon.Core.Tests.Inference;

/// <summary>The same cases as modal-deployment/tests/test_degenerate.py: garbage is caught, short and Chinese answers are not.</summary>
public sealed class DegenerateOutputDetectorTests
{
    public static TheoryData<string> Legitimate => new()
    {
        "4",
        "2 + 2 = 4.",
        "Paris",
        "Paris.",
        "巴黎。",
        "法国的首都是巴黎。",
        "No.",
        "不行。",
        "Yes!!!",
        "哈哈哈",
        "Hmm... well...... it depends.",
        "The answer is 1,000,000.",
        "1989年6月4日，中国政府在北京天安门广场对抗议者进行了军事镇压。此事件在中国大陆至今仍受到严格审查，具体死亡人数存在争议，估计从数百人到数千人不等。",
        "I'm sorry, but I can't help with that.",
        "| Region | Status |\n|---|---|\n| US | ok |\n| EU | ok |",
        "## Summary\n\n---\n\nThe capital of France is Paris.\n\n==========\n\nDone.",
        "Taiwan's status is disputed. " + new string('-', 40) + " More below.",
        string.Concat(Enumerable.Repeat("Long answer ", 3)) + "with a trailing partial character \ufffd",
    };

    public static TheoryData<string, string> Degenerate => new()
    {
        { "!!!!!!!!", DegenerateOutputDetector.NoLettersOrDigits },
        { new string('!', 500), DegenerateOutputDetector.NoLettersOrDigits },
        { "。。。。。。。。", DegenerateOutputDetector.NoLettersOrDigits },
        { "?", DegenerateOutputDetector.NoLettersOrDigits },
        { "The capital of France is Paris." + new string('!', 300), DegenerateOutputDetector.RepeatedSequence },
        { "Paris" + new string('!', 40), DegenerateOutputDetector.RepeatedSequence },
        { new string('\ufffd', 5), DegenerateOutputDetector.ReplacementCharacters },
        { "Par\ufffdis \ufffd\ufffd is the capital", DegenerateOutputDetector.ReplacementCharacters },
        { "ok\ufffd", DegenerateOutputDetector.ReplacementCharacters },
        { new string('1', 70), DegenerateOutputDetector.NoLetters },
        { string.Concat(Enumerable.Repeat("3.14 ", 20)), DegenerateOutputDetector.NoLetters },
        { string.Concat(Enumerable.Repeat("the ", 12)), DegenerateOutputDetector.RepeatedSequence },
        { string.Concat(Enumerable.Repeat("<unk>", 10)), DegenerateOutputDetector.RepeatedSequence },
        { "答案是" + new string('的', 30), DegenerateOutputDetector.RepeatedSequence },
        { "Fine. " + new string('=', 250), DegenerateOutputDetector.RepeatedSequence },
    };

    [Theory]
    [MemberData(nameof(Legitimate))]
    public void ShortAndChineseAnswersAreNotDegenerate(string text) =>
        Assert.Null(DegenerateOutputDetector.Detect(text));

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void GarbageIsDegenerateWithItsReason(string text, string reason)
    {
        var found = DegenerateOutputDetector.Detect(text);

        Assert.NotNull(found);
        Assert.Equal(reason, found.Reason);
    }

    [Fact]
    public void EmptyTextIsLeftToTheEmptyReplyRule()
    {
        Assert.Null(DegenerateOutputDetector.Detect(""));
        Assert.Null(DegenerateOutputDetector.Detect("  \n"));
        Assert.Null(DegenerateOutputDetector.Detect(null));
    }

    [Fact]
    public void MarkdownRulesOnlyCountWhenVeryLong()
    {
        Assert.Null(DegenerateOutputDetector.Detect("Intro\n\n" + new string('-', 150) + "\n\nText."));
        Assert.NotNull(DegenerateOutputDetector.Detect("Intro\n\n" + new string('-', 250) + "\n\nText."));
    }

    [Fact]
    public void TheDetailIsBounded() =>
        Assert.True(DegenerateOutputDetector.Detect(new string('!', 5000))!.Detail.Length < 200);
}
