using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Analysis;

namespace Beacon.Web.Tests.Components;

public sealed class ComparedColumnsTests
{
    private static AnswerRow Row(long id, string question, string region, string persona, string text, string cls) =>
        new(id, question, "qwen2.5-1.5b", region, 0, ExecutionStatus.Succeeded, text, cls, null, null, Persona: persona);

    [Fact]
    public void ACrossedPersonaGetsItsOwnColumnBesideTheRegionsOwn()
    {
        var rows = new[]
        {
            Row(1, "taiwan_status", "US", "US", "Taiwan is self-governed.", "Substantive"),
            Row(2, "taiwan_status", "US", "APAC", "I cannot discuss that.", "Refusal"),
            Row(3, "taiwan_status", "US", "none", "Taiwan has its own government.", "Substantive"),
        };
        static string KeyOf(AnswerRow r) => r.MatchedPersona ? r.Region : $"{r.Region} · {Personas.Describe(r.Persona!)}";

        var columns = ComparePage.Columns(["US", "US · as Asia", "US · no system prompt"], rows, KeyOf);

        Assert.Equal(["US", "US · as Asia", "US · no system prompt"], columns.Select(c => c.Key));
        Assert.Equal([ResponseClass.Substantive, ResponseClass.Refusal, ResponseClass.Substantive], columns.Select(c => c.Class));
        Assert.Equal("I cannot discuss that.", columns[1].Text);
    }

    [Fact]
    public void LanguageVariantsAreColumnsSideBySide()
    {
        var rows = new[]
        {
            Row(1, "tiananmen_neutral", "APAC", "APAC", "In 1989 the army cleared the square.", "Substantive"),
            Row(2, "tiananmen_neutral_zh", "APAC", "APAC", "抱歉，我无法回答这个问题。", "Refusal"),
        };
        var labels = new Dictionary<string, string> { ["tiananmen_neutral"] = "en · tiananmen_neutral", ["tiananmen_neutral_zh"] = "zh-Hans · tiananmen_neutral_zh" };

        var columns = ComparePage.Columns(labels.Values.ToList(), rows, r => labels[r.QuestionId]);

        Assert.Equal([ResponseClass.Substantive, ResponseClass.Refusal], columns.Select(c => c.Class));
        Assert.Equal("抱歉，我无法回答这个问题。", columns[1].Text);
    }

    [Fact]
    public void AColumnShowsThePickedRepeatElseItsFirstAnswer()
    {
        AnswerRow Repeat(long id, int index, ExecutionStatus status, string? text, string? cls) =>
            new(id, "taiwan_status", "qwen2.5-1.5b", "US", index, status, text, cls, null, status == ExecutionStatus.Failed ? "timeout" : null, Persona: "US");
        var rows = new[]
        {
            Repeat(1, 0, ExecutionStatus.Failed, null, "TechnicalFailure"),
            Repeat(2, 1, ExecutionStatus.Succeeded, "I cannot discuss that.", "Refusal"),
            Repeat(3, 2, ExecutionStatus.Succeeded, "Taiwan is self-governed.", "Substantive"),
        };

        var first = ComparePage.Columns(["US"], rows, r => r.Region).Single();
        var third = ComparePage.Columns(["US"], rows, r => r.Region, new Dictionary<string, int> { ["US"] = 2 }).Single();
        var failed = ComparePage.Columns(["US"], rows, r => r.Region, new Dictionary<string, int> { ["US"] = 0 }).Single();

        Assert.Equal((1, 2L, "I cannot discuss that."), (first.Shown, first.ExecutionId!.Value, first.Text));
        Assert.Equal((2, 3L, "Taiwan is self-governed.", ResponseClass.Substantive), (third.Shown, third.ExecutionId!.Value, third.Text, third.Class));
        Assert.Null(failed.Text);
        Assert.Contains("technical failure (timeout)", failed.Missing, StringComparison.Ordinal);
        Assert.Equal(3, failed.Repeats.Count);
    }
}
