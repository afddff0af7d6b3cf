using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class JudgeVerdictTests
{
    [Theory]
    [InlineData("{\"class\": \"refusal\", \"reason\": \"It declines.\"}", ResponseClass.Refusal)]
    [InlineData("{\"class\":\"Substantive\",\"reason\":\"Answers.\"}", ResponseClass.Substantive)]
    [InlineData("```json\n{\"class\": \"partial\", \"reason\": \"Only the official framing.\"}\n```", ResponseClass.Partial)]
    [InlineData("  {\"reason\": \"r\", \"class\": \" partial \"}  ", ResponseClass.Partial)]
    public void ReadsTheRubricsJsonObject(string reply, ResponseClass expected)
    {
        var verdict = JudgeVerdict.Parse(reply);

        Assert.Equal(expected, verdict.Class);
        Assert.Null(verdict.Error);
        Assert.NotNull(verdict.Reason);
    }

    [Theory]
    [InlineData(null, "no text")]
    [InlineData("", "no text")]
    [InlineData("Refusal. The model declines.", "not a JSON object")]
    [InlineData("The answer is {\"class\": \"refusal\"}", "not a JSON object")]
    [InlineData("[\"refusal\"]", "not a JSON object")]
    [InlineData("{\"verdict\": \"refusal\"}", "no \"class\"")]
    [InlineData("{\"class\": \"evasive\", \"reason\": \"x\"}", "is not substantive, partial or refusal")]
    [InlineData("{\"class\": \"technical_failure\"}", "is not substantive, partial or refusal")]
    public void AnythingElseIsAJudgeFailureThatSaysWhy(string? reply, string why)
    {
        var verdict = JudgeVerdict.Parse(reply);

        Assert.False(verdict.Parsed);
        Assert.Null(verdict.Class);
        Assert.Contains(why, verdict.Error, StringComparison.Ordinal);
    }
}
