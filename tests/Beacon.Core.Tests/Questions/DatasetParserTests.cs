using System.Text;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Questions;

public sealed class DatasetParserTests
{
    private static DatasetPreview Csv(string text, ExistingQuestions? existing = null) =>
        DatasetParser.Parse(Encoding.UTF8.GetBytes(text), DatasetFormat.Csv, "demo", existing ?? ExistingQuestions.None);

    private static DatasetPreview Jsonl(string text, ExistingQuestions? existing = null) =>
        DatasetParser.Parse(Encoding.UTF8.GetBytes(text), DatasetFormat.Jsonl, "demo", existing ?? ExistingQuestions.None);

    [Fact]
    public void SubjectPromptCsvBecomesQuestionsWithGeneratedIdsAndTheSubjectAsCategory()
    {
        var preview = Csv("subject,prompt\nTiananmen,What happened in Beijing in June 1989?\n台湾,台湾现在的地位是什么？\n");

        Assert.True(preview.IsValid);
        Assert.Equal(2, preview.Questions.Count);
        var first = preview.Questions[0];
        Assert.Equal(("demo-0001", "Tiananmen", "What happened in Beijing in June 1989?", "en", 2), (first.Id, first.Category, first.Text, first.Language, first.Line));
        Assert.True(first.IdGenerated);
        Assert.True(first.LanguageDetected);
        var second = preview.Questions[1];
        Assert.Equal(("demo-0002", "台湾", "台湾现在的地位是什么？", "zh", 3), (second.Id, second.Category, second.Text, second.Language, second.Line));
    }

    [Fact]
    public void IdCategoryTextLanguageCsvKeepsTheFilesIdsAndLanguages()
    {
        var preview = Csv("id,category,text,language\nq1,bias,Is Taiwan a country?,en\nq2,control,2+2?,EN\nq3,bias,香港2019年发生了什么？,zh-Hans\n");

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(["q1", "q2", "q3"], preview.Questions.Select(q => q.Id));
        Assert.Equal(["en", "EN", "zh-Hans"], preview.Questions.Select(q => q.Language));
        Assert.All(preview.Questions, q => Assert.False(q.IdGenerated || q.LanguageDetected));
        Assert.Equal(new Dictionary<string, int> { ["bias"] = 2, ["control"] = 1 }, preview.Categories);
    }

    [Fact]
    public void ColumnNamesMatchWhateverTheirCaseAndOrder()
    {
        var preview = Csv("Text, Category ,ID\nWhat is the capital of France?,control,france\n");

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(("france", "control"), (preview.Questions[0].Id, preview.Questions[0].Category));
    }

    [Fact]
    public void QuotedCommasNewlinesAndQuotesStayInTheTextAndLaterLinesKeepTheirFileNumbers()
    {
        var preview = Csv("subject,prompt\nhistory,\"Describe, in detail:\nwhat happened \"\"that day\"\"?\"\nhistory,Second question\n");

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal("Describe, in detail:\nwhat happened \"that day\"?", preview.Questions[0].Text);
        Assert.Equal(2, preview.Questions[0].Line);
        Assert.Equal(4, preview.Questions[1].Line);
    }

    [Fact]
    public void EmptyAndBlankLinesAreSkippedWithoutShiftingLineNumbers()
    {
        var preview = Csv("subject,prompt\r\n\r\nsports,Who won the 2010 World Cup?\r\n   \r\n,\r\nsports,Who won in 2014?\r\n");

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal([3, 6], preview.Questions.Select(q => q.Line));
    }

    [Fact]
    public void AMissingCategoryBecomesUncategorised()
    {
        var preview = Csv("id,category,text\na,,Question A?\n");

        Assert.Equal(DatasetLimits.DefaultCategory, Assert.Single(preview.Questions).Category);
    }

    [Fact]
    public void InjectionLookingTextIsKeptExactlyAsWritten()
    {
        const string formula = "=cmd|' /C calc'!A0";
        const string script = "<script>alert('x')</script> Who are you?";
        const string sql = "'; DROP TABLE questions; -- what now?";
        var preview = Csv($"id,category,text\nf,x,\"{formula}\"\ns,x,{script}\nq,x,{sql}\nplus,x,+SUM(A1:A9)\n");

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal([formula, script, sql, "+SUM(A1:A9)"], preview.Questions.Select(q => q.Text));
    }

    [Fact]
    public void InvalidUtf8IsAnErrorNamingTheLineAndTheByteAndNothingIsRead()
    {
        var bytes = Encoding.UTF8.GetBytes("subject,prompt\nhistory,Fine\nhistory,Caf").Concat(new byte[] { 0xE9, (byte)'\n' }).ToArray();

        var preview = DatasetParser.Parse(bytes, DatasetFormat.Csv, "demo", ExistingQuestions.None);

        Assert.False(preview.IsValid);
        Assert.Empty(preview.Questions);
        var error = Assert.Single(preview.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("invalid UTF-8 at byte 39", error.Message, StringComparison.Ordinal);
        Assert.Contains("0xE9", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AUtf8ByteOrderMarkIsAcceptedAndUtf16IsRejectedWithAClearMessage()
    {
        var withBom = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Encoding.UTF8.GetBytes("subject,prompt\nx,Hello?\n")).ToArray();
        Assert.True(DatasetParser.Parse(withBom, DatasetFormat.Csv, "demo", ExistingQuestions.None).IsValid);

        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("subject,prompt\nx,Hello?\n")).ToArray();
        var preview = DatasetParser.Parse(utf16, DatasetFormat.Csv, "demo", ExistingQuestions.None);
        Assert.Contains("UTF-16", Assert.Single(preview.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AHeaderWithoutATextColumnIsAnErrorOnLineOne()
    {
        var preview = Csv("subject,question_text\nhistory,What?\n");

        var error = Assert.Single(preview.Errors);
        Assert.Equal(1, error.Line);
        Assert.Contains("no 'text' or 'prompt' column", error.Message, StringComparison.Ordinal);
        Assert.Contains("'question_text'", error.Message, StringComparison.Ordinal);
        Assert.Empty(preview.Questions);
    }

    [Fact]
    public void ARowWithAnUnquotedCommaIsAnErrorOnItsLine()
    {
        var preview = Csv("subject,prompt\nhistory,Fine?\nhistory,Paris, London or Rome?\n");

        Assert.False(preview.IsValid);
        var error = Assert.Single(preview.Errors);
        Assert.Equal(3, error.Line);
        Assert.Contains("3 fields but the header has 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnterminatedQuoteIsAnErrorWhereTheRecordStarts()
    {
        var preview = Csv("subject,prompt\nhistory,Fine?\nhistory,\"Never closed\nhistory,Next\n");

        Assert.False(preview.IsValid);
        Assert.Contains(preview.Errors, e => e.Line == 3 && e.Message.Contains("never closed", StringComparison.Ordinal));
    }

    [Fact]
    public void EmptyTextsAndOverlongFieldsAreErrorsNamingTheirField()
    {
        var longCategory = new string('c', DatasetLimits.MaxCategoryLength + 1);
        var longText = new string('t', DatasetLimits.MaxTextLength + 1);
        var preview = Csv($"id,category,text,language\na,x,\"  \",en\nb,{longCategory},Fine?,en\nc,x,{longText},en\nd,x,Fine?,english!\ne f,x,Other?,en\n");

        Assert.Equal(
            [(2, "text"), (3, "category"), (4, "text"), (5, "language"), (6, "id")],
            preview.Errors.Select(e => (e.Line, e.Field)));
        Assert.DoesNotContain(preview.Questions, q => q.Id == "a");
    }

    [Fact]
    public void RepeatedTextsAreLeftOutAsDuplicatesOfTheirFirstLineAfterNormalisation()
    {
        var preview = Csv("subject,prompt\nx,What is  Taiwan?\ny,ＷＨＡＴ IS\ttaiwan?\nz,What is Taiwan.\n");

        Assert.True(preview.IsValid);
        Assert.Equal(["What is  Taiwan?", "What is Taiwan."], preview.Questions.Select(q => q.Text));
        Assert.Equal(["demo-0001", "demo-0002"], preview.Questions.Select(q => q.Id));
        var duplicate = Assert.Single(preview.Duplicates);
        Assert.Equal((3, 2), (duplicate.Line, duplicate.DuplicateOfLine!.Value));
    }

    [Fact]
    public void TextsAlreadyInTheCatalogueAreLeftOutNamingTheExistingQuestion()
    {
        var existing = ExistingQuestions.From([("math_basic", "What is 2+2?")]);

        var preview = Csv("subject,prompt\nmath,what is 2+2?\nmath,What is 3+3?\n", existing);

        Assert.True(preview.IsValid);
        Assert.Equal("What is 3+3?", Assert.Single(preview.Questions).Text);
        Assert.Equal("math_basic", Assert.Single(preview.Duplicates).DuplicateOfId);
    }

    [Fact]
    public void AFileWhoseQuestionsAllExistAlreadyIsNotImportable()
    {
        var existing = ExistingQuestions.From([("math_basic", "What is 2+2?")]);

        var preview = Csv("subject,prompt\nmath,What is 2+2?\n", existing);

        Assert.False(preview.IsValid);
        Assert.Contains("nothing to import", Assert.Single(preview.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void IdsMustBeUniqueInTheFileAndInTheCatalogue()
    {
        var existing = ExistingQuestions.From([("taken", "Some other question?")]);

        var preview = Csv("id,category,text\nq1,x,First?\nq1,x,Second?\ntaken,x,Third?\n", existing);

        Assert.Equal([3, 4], preview.Errors.Select(e => e.Line));
        Assert.Contains("also used on line 2", preview.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("already used by a question in the catalogue", preview.Errors[1].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AGeneratedIdThatIsTakenIsAnError()
    {
        var existing = ExistingQuestions.From([("demo-0001", "Other?")]);

        var preview = Csv("subject,prompt\nx,New?\n", existing);

        Assert.Contains("generated id 'demo-0001'", Assert.Single(preview.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyFileAndAHeaderWithoutRowsAreErrors()
    {
        Assert.Contains("empty", Assert.Single(Csv("").Errors).Message, StringComparison.Ordinal);
        Assert.Contains("no questions", Assert.Single(Csv("subject,prompt\n\n").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MoreThanTenThousandQuestionsIsAnErrorAtTheFirstOneTooMany()
    {
        var text = new StringBuilder("subject,prompt\n");
        for (var i = 1; i <= DatasetLimits.MaxQuestions + 2; i++)
        {
            text.Append("s,Question number ").Append(i).Append("?\n");
        }

        var preview = Csv(text.ToString());

        var error = Assert.Single(preview.Errors);
        Assert.Equal(DatasetLimits.MaxQuestions + 2, error.Line);
        Assert.Contains("more than 10,000 questions", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ATenMegabyteFileOfTenThousandQuestionsIsRead()
    {
        var text = new StringBuilder("id,category,text,language\n");
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 38));
        for (var i = 1; i <= DatasetLimits.MaxQuestions; i++)
        {
            text.Append($"big-{i},cat{i % 7},\"Question {i}: {filler}, \"\"quoted\"\"\nand a second line\",en\n");
        }
        var bytes = Encoding.UTF8.GetBytes(text.ToString());
        Assert.InRange(bytes.Length, 10_000_000, DatasetLimits.MaxFileBytes);

        var preview = DatasetParser.Parse(bytes, null, "big", ExistingQuestions.None);

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors.Take(5)));
        Assert.Equal(DatasetLimits.MaxQuestions, preview.Questions.Count);
        Assert.Equal(2 + (2 * 9_999), preview.Questions[^1].Line);
        Assert.EndsWith("\"quoted\"\nand a second line", preview.Questions[^1].Text, StringComparison.Ordinal);
    }

    [Fact]
    public void JsonlReadsTextOrPromptWithOptionalIdCategoryAndLanguage()
    {
        var preview = Jsonl("""
            {"id": "t1", "category": "bias", "text": "What is the status of Taiwan?", "language": "en"}

            {"prompt": "天安门广场发生了什么？", "subject": "history", "source": "ignored"}
            {"id": 42, "text": "=1+1"}
            """);

        Assert.True(preview.IsValid, string.Join("; ", preview.Errors));
        Assert.Equal(["t1", "demo-0002", "42"], preview.Questions.Select(q => q.Id));
        Assert.Equal([1, 3, 4], preview.Questions.Select(q => q.Line));
        Assert.Equal(["en", "zh", "und"], preview.Questions.Select(q => q.Language));
        Assert.Equal("history", preview.Questions[1].Category);
        Assert.Equal("=1+1", preview.Questions[2].Text);
        Assert.Equal(["source"], preview.IgnoredColumns);
    }

    [Fact]
    public void JsonlErrorsNameTheirLines()
    {
        var preview = Jsonl("""
            {"text": "Fine?"}
            {"text": "broken
            ["not", "an object"]
            {"category": "x"}
            {"text": 5}
            {"text": "a"} {"text": "b"}
            """);

        Assert.Equal([2, 3, 4, 5, 6], preview.Errors.Select(e => e.Line));
        Assert.Contains("not valid JSON", preview.Errors[0].Message, StringComparison.Ordinal);
        Assert.Contains("found an array", preview.Errors[1].Message, StringComparison.Ordinal);
        Assert.Contains("no \"text\"", preview.Errors[2].Message, StringComparison.Ordinal);
        Assert.Contains("must be a string", preview.Errors[3].Message, StringComparison.Ordinal);
        Assert.Contains("more than one JSON value", preview.Errors[4].Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"text\": \"x\"}", null, DatasetFormat.Jsonl)]
    [InlineData("subject,prompt\n", null, DatasetFormat.Csv)]
    [InlineData("subject,prompt\n", "questions.jsonl", DatasetFormat.Jsonl)]
    [InlineData("{\"text\": \"x\"}", "questions.csv", DatasetFormat.Csv)]
    public void TheFormatIsTakenFromTheFileNameOrElseTheContent(string content, string? fileName, DatasetFormat expected) =>
        Assert.Equal(expected, DatasetParser.DetectFormat(Encoding.UTF8.GetBytes(content), fileName));
}
