using System.Text;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Questions;

public sealed class VariantGroupImportTests
{
    private static DatasetPreview Parse(string text, DatasetFormat format) =>
        DatasetParser.Parse(Encoding.UTF8.GetBytes(text), format, "demo", ExistingQuestions.None);

    [Fact]
    public void AGroupLanguageTextCsvLinksTheVariantsOfEachQuestion()
    {
        var preview = Parse("group,language,text\ntw,en,What is the current status of Taiwan?\ntw,zh-Hans,台湾目前的地位是什么？\nhk,en,What happened in Hong Kong in 2019?\n", DatasetFormat.Csv);

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(["tw", "tw", "hk"], preview.Questions.Select(q => q.Group));
        Assert.Equal(["en", "zh-Hans", "en"], preview.Questions.Select(q => q.Language));
        Assert.Equal(["demo-0001", "demo-0002", "demo-0003"], preview.Questions.Select(q => q.Id));
        Assert.DoesNotContain("group", preview.IgnoredColumns);
    }

    [Fact]
    public void ASubjectPromptCsvTakesTheGroupColumnInAnyPosition()
    {
        var preview = Parse("subject,prompt,group,language\nTiananmen,What happened on June 4 1989?,t1,en\n天安门,1989年6月4日发生了什么？,t1,zh\n", DatasetFormat.Csv);

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(["t1", "t1"], preview.Questions.Select(q => q.Group));
        Assert.Equal(["Tiananmen", "天安门"], preview.Questions.Select(q => q.Category));
    }

    [Fact]
    public void JsonlTakesAStringOrNumberGroup()
    {
        var preview = Parse("{\"text\": \"Who are you?\", \"group\": 7, \"language\": \"en\"}\n{\"prompt\": \"你是谁？\", \"group\": \"7\", \"language\": \"zh-Hans\"}\n", DatasetFormat.Jsonl);

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(["7", "7"], preview.Questions.Select(q => q.Group));

        var wrong = Parse("{\"text\": \"Who are you?\", \"group\": [1]}\n", DatasetFormat.Jsonl);
        Assert.Equal("'group' must be a string or a whole number, not an array.", Assert.Single(wrong.Errors).Message);
    }

    [Fact]
    public void WithoutAGroupEachQuestionIsItsOwnGroup()
    {
        var preview = Parse("id,text\nq1,What is 2+2?\nq2,Who are you?\n", DatasetFormat.Csv);

        Assert.Equal(["q1", "q2"], preview.Questions.Select(q => q.Group));
    }

    [Fact]
    public void TwoQuestionsInOneLanguageOfOneGroupAreAnError()
    {
        var preview = Parse("group,language,text\ng,en,What is 2+2?\ng,en,What is two plus two?\n", DatasetFormat.Csv);

        Assert.False(preview.IsValid);
        var error = Assert.Single(preview.Errors);
        Assert.Equal((3, "group"), (error.Line, error.Field));
        Assert.Equal("the group 'g' already has a question in 'en' (line 2); a group holds one question per language.", error.Message);
    }
}
