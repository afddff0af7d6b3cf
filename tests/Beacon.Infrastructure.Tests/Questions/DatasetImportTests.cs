using System.Text;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Questions;

public sealed class DatasetImportTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private DatasetService Sets => _host.Services.GetRequiredService<DatasetService>();

    private Task<DatasetImportResult> ImportAsync(string content, string name, DatasetFormat? format = null, string? fileName = null) =>
        Sets.ImportAsync(Encoding.UTF8.GetBytes(content), new DatasetRequest(name, format, fileName, "https://example.org/dataset", "CC-BY-4.0"), "tester", "tester@beacon.test", default);

    /// <summary>The built-in questions a fresh database holds: the eight and their Chinese variants.</summary>
    private static readonly long BuiltIns = BuiltInQuestions.Catalogue.Count;

    private Task<long> QuestionCountAsync() => _db.ScalarAsync<long>("SELECT count(*) FROM questions");

    [Fact]
    public async Task ASubjectPromptCsvBecomesASetWhoseQuestionsJobsCanUse()
    {
        var result = await ImportAsync("subject,prompt\nTiananmen,What happened in Beijing in June 1989?\n台湾,台湾是一个国家吗？\n", "China prompts", fileName: "china.csv");

        var set = Assert.IsType<Data.Dataset>(result.Set);
        Assert.Equal(("China prompts", "china-prompts", "csv", "china.csv", 2, "tester@beacon.test"), (set.Name, set.Slug, set.Format, set.FileName, set.RowCount, set.ImportedBy));
        Assert.Equal(("https://example.org/dataset", "CC-BY-4.0"), (set.Source, set.Licence));
        var page = await Sets.QuestionsAsync(set.Id, 1, 10, default);
        Assert.Equal(2, page.Total);
        Assert.Equal(["china-prompts-0001", "china-prompts-0002"], page.Items.Select(q => q.Id));
        Assert.Equal(["Tiananmen", "台湾"], page.Items.Select(q => q.Category));
        Assert.Equal(["en", "zh"], page.Items.Select(q => q.Language));
        Assert.All(page.Items, q => Assert.Equal(("China prompts", false, set.Id), (q.Source, q.BuiltIn, q.DatasetId!.Value)));

        var job = await _host.SubmitAsync(new JobRequest { QuestionIds = ["china-prompts-0002", "math_basic"], Models = ["qwen2.5-1.5b"], Regions = ["APAC"] });
        var executions = await _host.ExecutionsAsync(job.Id);
        Assert.Contains(executions, e => e.QuestionId == "china-prompts-0002" && e.Prompt == "台湾是一个国家吗？");
    }

    [Fact]
    public async Task InjectionLookingAndChineseTextsAreStoredExactlyAsInTheFile()
    {
        var texts = new[] { "=cmd|' /C calc'!A0", "<script>alert(1)</script>", "'); DROP TABLE questions; --", "天安门广场发生了什么？", "multi\nline, \"quoted\"" };
        var jsonl = string.Join("\n", texts.Select((t, i) => System.Text.Json.JsonSerializer.Serialize(new { id = $"verbatim-{i}", text = t })));

        var result = await ImportAsync(jsonl, "Verbatim", DatasetFormat.Jsonl);

        Assert.NotNull(result.Set);
        for (var i = 0; i < texts.Length; i++)
        {
            Assert.Equal(texts[i], await _db.ScalarAsync<string>("SELECT text FROM questions WHERE id = @id", ("id", $"verbatim-{i}")));
        }
        Assert.Equal(BuiltIns + texts.Length, await QuestionCountAsync());
    }

    [Fact]
    public async Task ATenThousandQuestionTenMegabyteFileIsImportedInFull()
    {
        var file = new StringBuilder("id,category,text,language\n");
        var filler = string.Concat(Enumerable.Repeat("lorem ipsum dolor sit amet ", 38));
        for (var i = 1; i <= DatasetLimits.MaxQuestions; i++)
        {
            file.Append($"bulk-{i:D5},cat{i % 7},\"Question {i}: {filler}, \"\"quoted\"\"\nsecond line\",{(i % 2 == 0 ? "en" : "zh")}\n");
        }
        var bytes = Encoding.UTF8.GetBytes(file.ToString());
        Assert.True(bytes.Length >= 10_000_000, $"the file is only {bytes.Length:N0} bytes");

        var result = await Sets.ImportAsync(bytes, new DatasetRequest("Bulk"), "tester", "tester@beacon.test", default);

        Assert.True(result.Check.IsValid, string.Join("; ", result.Check.Preview.Errors.Take(3)));
        Assert.Equal(DatasetLimits.MaxQuestions, result.Set!.RowCount);
        Assert.Equal(10_000L, await _db.ScalarAsync<long>("SELECT count(*) FROM questions WHERE question_set_id = @id", ("id", result.Set.Id)));
        Assert.EndsWith("\"quoted\"\nsecond line", await _db.ScalarAsync<string>("SELECT text FROM questions WHERE id = 'bulk-10000'"), StringComparison.Ordinal);
        Assert.Equal(10_000, await _db.ScalarAsync<int>("SELECT position FROM questions WHERE id = 'bulk-10000'"));
        var last = await Sets.QuestionsAsync(result.Set.Id, 100, 100, default);
        Assert.Equal("bulk-10000", last.Items[^1].Id);
    }

    [Fact]
    public async Task AFileWithOneBadLineImportsNothingAndNamesTheLine()
    {
        var file = new StringBuilder("subject,prompt\n");
        for (var i = 1; i <= 5000; i++)
        {
            file.Append($"s,Question {i}?\n");
        }
        file.Append("s,Paris, London or Rome?\n");
        var before = await QuestionCountAsync();

        var result = await ImportAsync(file.ToString(), "Broken");

        Assert.Null(result.Set);
        var error = Assert.Single(result.Check.Preview.Errors);
        Assert.Equal(5002, error.Line);
        Assert.Equal(before, await QuestionCountAsync());
        Assert.Equal(0L, await _db.ScalarAsync<long>("SELECT count(*) FROM question_sets"));
    }

    [Fact]
    public async Task AnInvalidlyEncodedFileImportsNothing()
    {
        var bytes = Encoding.UTF8.GetBytes("subject,prompt\nx,Fine?\nx,Caf").Concat(new byte[] { 0xE9, 0x3F, (byte)'\n' }).ToArray();

        var result = await Sets.ImportAsync(bytes, new DatasetRequest("Latin-1"), "tester", "tester@beacon.test", default);

        Assert.Null(result.Set);
        Assert.Equal(3, Assert.Single(result.Check.Preview.Errors).Line);
        Assert.Equal(BuiltIns, await QuestionCountAsync());
    }

    [Fact]
    public async Task ImportingAgainNeedsANewNameAndLeavesOutQuestionsThatAlreadyExist()
    {
        const string file = "subject,prompt\nx,First question?\nx,What is 2+2?\n";
        var first = await ImportAsync(file, "Mine");
        Assert.Equal(1, first.Set!.RowCount);
        Assert.Equal("math_basic", Assert.Single(first.Check.Preview.Duplicates).DuplicateOfId);

        var sameName = await ImportAsync(file, "mine");
        Assert.Null(sameName.Set);
        Assert.Contains("already exists", sameName.Check.RequestErrors["name"][0], StringComparison.Ordinal);

        var again = await ImportAsync(file + "x,A new one?\n", "Mine again");
        Assert.Equal(1, again.Set!.RowCount);
        Assert.Equal(2, again.Set.DuplicatesSkipped);
        Assert.Equal(BuiltIns + 2, await QuestionCountAsync());
    }

    [Fact]
    public async Task NamesWithTheSameSlugGetDistinctIds()
    {
        var a = await ImportAsync("subject,prompt\nx,Alpha?\n", "Set A");
        var b = await ImportAsync("subject,prompt\nx,Beta?\n", "Set-A");

        Assert.Equal(("set-a", "set-a-2"), (a.Set!.Slug, b.Set!.Slug));
        Assert.Equal("Beta?", await _db.ScalarAsync<string>("SELECT text FROM questions WHERE id = 'set-a-2-0001'"));
    }

    [Fact]
    public async Task APreviewStoresNothing()
    {
        var check = await Sets.PreviewAsync(Encoding.UTF8.GetBytes("subject,prompt\nx,Preview only?\n"), new DatasetRequest(null, FileName: "my-file.csv"), "tester", default);

        Assert.True(check.IsValid);
        Assert.Equal("my-file", check.Name);
        Assert.Equal("my-file-0001", Assert.Single(check.Preview.Questions).Id);
        Assert.Equal(BuiltIns, await QuestionCountAsync());
    }
}
