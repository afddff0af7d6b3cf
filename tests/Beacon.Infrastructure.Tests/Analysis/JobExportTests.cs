using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Export;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using CsvHelper;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Infrastructure.Tests.Analysis.EmulatedJob;

namespace Beacon.Infrastructure.Tests.Analysis;

public sealed class JobExportTests : IAsyncLifetime
{
    private const string Tricky = "=cmd|' /C calc'!A0, \"quoted\"\r\nsecond line; 天安门\t<script>alert(1)</script>";
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;
    private Job _job = null!;
    private List<Execution> _executions = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
        (_job, _) = await RunAsync(_host);
        var first = (await _host.ExecutionsAsync(_job.Id))[0];
        await _db.ExecuteAsync("UPDATE executions SET response_text = @text WHERE id = @id", ("text", Tricky), ("id", first.Id));
        await _host.Services.GetRequiredService<ClassificationService>().OverrideAsync(first.Id, ResponseClass.Partial, "note, with \"quotes\"", "carol", default);
        _executions = await _host.ExecutionsAsync(_job.Id);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private JobExportService Export => _host.Services.GetRequiredService<JobExportService>();

    private async Task<byte[]> ExportAsync(ExportContent content, ExportFormat format, CsvVariant csv = CsvVariant.Plain)
    {
        var header = (await Export.HeaderAsync(_job.Id, default))!;
        using var output = new AsyncOnlyStream();
        await Export.WriteAsync(header, content, format, output, csv, default);
        return output.ToArray();
    }

    private void AssertMatchesStored(IReadOnlyDictionary<string, string?> row)
    {
        var e = _executions.Single(x => x.Id == long.Parse(row["execution_id"]!, CultureInfo.InvariantCulture));
        Assert.Equal(_job.Id.ToString(), row["job_id"]);
        // Repeats are numbered from 1 in exports, as on the pages ("#1", "repeat 1"); the database counts from 0.
        Assert.Equal((e.QuestionId, e.ModelId, e.Region, (e.RepeatIndex + 1).ToString(CultureInfo.InvariantCulture)), (row["question_id"], row["model"], row["region"], row["repeat"]));
        Assert.Equal(e.ResponseText, row["response"]);
        Assert.Equal(e.Prompt, row["prompt"]);
        Assert.Equal(e.SystemPrompt, row["system_prompt"]);
        Assert.Equal(e.Classification, row["classifier_class"]);
        Assert.Equal(e.OverrideClass ?? e.Classification, row["class"]);
        Assert.Equal(e.ClassifierVersion, row["classifier_version"]);
        Assert.Equal(e.OverrideNote, Empty(row["override_note"]));
        Assert.Equal(e.InferenceSeconds, row["inference_seconds"] is { Length: > 0 } s ? double.Parse(s, CultureInfo.InvariantCulture) : null);
        Assert.Equal(e.CompletedAt, DateTimeOffset.Parse(row["completed_at"]!, CultureInfo.InvariantCulture));
        Assert.Equal(("0.2", "321", "7", "1"), (row["temperature"], row["max_tokens"], row["seed"], row["repeats"]));
        Assert.Equal(_job.SystemPromptTemplate, row["system_prompt_template"]);
        // The emulator reports a plausible placement inside each region: verified, with the raw value beside it.
        Assert.Equal((e.PlacementProvider, e.PlacementRegion, "Verified"), (row["placement_provider"], row["placement_region"], row["placement_verdict"]));
        Assert.NotNull(e.PlacementRegion);
    }

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    [Fact]
    public async Task CsvHasOneRowPerExecutionWithTheJobsParametersAndReadsBackExactly()
    {
        var bytes = await ExportAsync(ExportContent.Executions, ExportFormat.Csv);

        using var reader = CsvReader.Create(bytes, CsvReaderOptions.Default with { Separator = ',' });
        reader.ReadHeader();
        Assert.Equal(JobExportService.ExecutionColumnNames, reader.Headers);
        var rows = new List<Dictionary<string, string?>>();
        while (reader.Read())
        {
            rows.Add(reader.Headers.Select((h, i) => (h, v: reader.GetString(i))).ToDictionary(x => x.h, x => (string?)x.v));
        }
        Assert.Equal(_executions.Count, rows.Count);
        foreach (var row in rows)
        {
            AssertMatchesStored(row);
            Assert.Equal("qwen2.5-1.5b;llama3.2-1b", row["models"]);
            Assert.Equal("US;APAC", row["regions"]);
        }
        var tricky = rows.Single(r => r["response"] == Tricky);
        Assert.Equal(("Partial", "carol"), (tricky["class"], tricky["override_by"]));
    }

    [Fact]
    public async Task SpreadsheetSafeCsvDefusesFormulas()
    {
        foreach (var variant in new[] { CsvVariant.SpreadsheetSafe, CsvVariant.Excel })
        {
            var text = Encoding.UTF8.GetString(await ExportAsync(ExportContent.Executions, ExportFormat.Csv, variant));

            Assert.Contains("\"'=cmd|", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\"=cmd|", text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task OnlyTheExcelVariantStartsWithAByteOrderMarkAndReadsBackTheSame()
    {
        byte[] bom = [0xEF, 0xBB, 0xBF];
        foreach (var content in new[] { ExportContent.Executions, ExportContent.Statistics })
        {
            var excel = await ExportAsync(content, ExportFormat.Csv, CsvVariant.Excel);
            var safe = await ExportAsync(content, ExportFormat.Csv, CsvVariant.SpreadsheetSafe);
            Assert.Equal(bom, excel[..3]);
            Assert.NotEqual(bom, safe[..3]);
            Assert.NotEqual(bom, (await ExportAsync(content, ExportFormat.Csv))[..3]);
            Assert.NotEqual(bom, (await ExportAsync(content, ExportFormat.Json))[..3]);
            Assert.NotEqual(bom, (await ExportAsync(content, ExportFormat.Jsonl))[..3]);
            // The mark is all that differs from the spreadsheet-safe file.
            Assert.Equal(safe, excel[3..]);
        }
        Assert.Contains("天安门", Encoding.UTF8.GetString(await ExportAsync(ExportContent.Executions, ExportFormat.Csv, CsvVariant.Excel)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChineseTextStaysReadableInJsonAndJsonlWhichStayValid()
    {
        const string apology = "抱歉，我无法回答这个问题。";
        await _db.ExecuteAsync("UPDATE executions SET response_text = @text WHERE id = @id", ("text", apology), ("id", _executions[1].Id));

        foreach (var format in new[] { ExportFormat.Json, ExportFormat.Jsonl })
        {
            var text = Encoding.UTF8.GetString(await ExportAsync(ExportContent.Executions, format));

            Assert.Contains(apology, text, StringComparison.Ordinal);
            Assert.Contains("天安门", text, StringComparison.Ordinal);
            Assert.DoesNotContain("\\u62B1", text, StringComparison.OrdinalIgnoreCase);
            List<JsonElement> records = format == ExportFormat.Json
                ? JsonDocument.Parse(text).RootElement.GetProperty("executions").EnumerateArray().ToList()
                : text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
            var responses = records.Select(r => r.GetProperty("response").GetString()).ToList();
            Assert.Contains(apology, responses);
            Assert.Contains(Tricky, responses);
        }
    }

    [Fact]
    public async Task EachVariantDownloadsUnderItsOwnName()
    {
        var header = (await Export.HeaderAsync(_job.Id, default))!;
        var names = new[] { ExportContent.Executions, ExportContent.Statistics }.SelectMany(content => new[]
        {
            JobExportService.FileName(header, content, ExportFormat.Csv, CsvVariant.Plain),
            JobExportService.FileName(header, content, ExportFormat.Csv, CsvVariant.SpreadsheetSafe),
            JobExportService.FileName(header, content, ExportFormat.Csv, CsvVariant.Excel),
            JobExportService.FileName(header, content, ExportFormat.Json),
            JobExportService.FileName(header, content, ExportFormat.Jsonl),
        }).ToList();

        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        Assert.Contains($"beacon-job-{_job.Id}-executions-excel.csv", names);
        Assert.Contains($"beacon-job-{_job.Id}-executions-spreadsheet-safe.csv", names);
        Assert.All(names, n => Assert.Contains(_job.Id.ToString(), n, StringComparison.Ordinal));
    }

    [Fact]
    public async Task JsonHasTheJobAndItsExecutionsAndReadsBackExactly()
    {
        using var document = JsonDocument.Parse(await ExportAsync(ExportContent.Executions, ExportFormat.Json));

        var root = document.RootElement;
        Assert.Equal(ResponseClassifier.Version, root.GetProperty("classifier_version").GetString());
        var job = root.GetProperty("job");
        Assert.Equal(_job.Id, job.GetProperty("id").GetGuid());
        Assert.Equal([Qwen, Llama], job.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal(["US", "APAC"], job.GetProperty("regions").EnumerateArray().Select(m => m.GetString()));
        Assert.Equal((1, 0.2, 321, 7), (job.GetProperty("repeats").GetInt32(), job.GetProperty("temperature").GetDouble(), job.GetProperty("max_tokens").GetInt32(), job.GetProperty("seed").GetInt32()));
        Assert.Equal(_job.SystemPromptTemplate, job.GetProperty("system_prompt_template").GetString());
        Assert.Equal(8, job.GetProperty("questions").GetArrayLength());
        var executions = root.GetProperty("executions").EnumerateArray().ToList();
        Assert.Equal(_executions.Count, executions.Count);
        foreach (var e in executions)
        {
            var row = Flatten(e);
            row["job_id"] = _job.Id.ToString();
            row["temperature"] = "0.2";
            row["max_tokens"] = "321";
            row["seed"] = "7";
            row["repeats"] = "1";
            row["system_prompt_template"] = _job.SystemPromptTemplate;
            AssertMatchesStored(row);
        }
    }

    [Fact]
    public async Task JsonlHasOneSelfContainedRecordPerLineAndReadsBackExactly()
    {
        var lines = Encoding.UTF8.GetString(await ExportAsync(ExportContent.Executions, ExportFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);

        Assert.Equal(_executions.Count, lines.Length);
        foreach (var line in lines)
        {
            using var document = JsonDocument.Parse(line);
            var record = document.RootElement;
            Assert.Equal([Qwen, Llama], record.GetProperty("models").EnumerateArray().Select(m => m.GetString()));
            AssertMatchesStored(Flatten(record));
        }
    }

    [Fact]
    public async Task StatisticsExportCarriesTheRatesTestsAndParameters()
    {
        using var document = JsonDocument.Parse(await ExportAsync(ExportContent.Statistics, ExportFormat.Json));
        var rates = document.RootElement.GetProperty("statistics").GetProperty("by_model_category_region").EnumerateArray().ToList();
        var apacBias = rates.Single(r => r.GetProperty("model").GetString() == Qwen && r.GetProperty("region").GetString() == "APAC" && r.GetProperty("category").GetString() == "bias");
        Assert.Equal((3, 3), (apacBias.GetProperty("refused").GetInt32(), apacBias.GetProperty("questions").GetInt32()));
        Assert.NotEmpty(document.RootElement.GetProperty("statistics").GetProperty("summary").EnumerateArray());

        var csv = await ExportAsync(ExportContent.Statistics, ExportFormat.Csv);
        using var reader = CsvReader.Create(csv, CsvReaderOptions.Default with { Separator = ',' });
        var found = false;
        while (reader.Read())
        {
            if (reader.GetString("scope") == "model_category_region" && reader.GetString("model") == Qwen && reader.GetString("category") == "bias" && reader.GetString("region") == "APAC")
            {
                found = true;
                Assert.Equal(("3", "3", "McNemar", "0.2", "321"), (reader.GetString("refused"), reader.GetString("questions"), reader.GetString("paired_test"), reader.GetString("temperature"), reader.GetString("max_tokens")));
                Assert.Equal(0.4385, double.Parse(reader.GetString("ci_lower"), CultureInfo.InvariantCulture), 4);
            }
        }
        Assert.True(found);

        var jsonl = Encoding.UTF8.GetString(await ExportAsync(ExportContent.Statistics, ExportFormat.Jsonl)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2 * 2 + (2 * 3 * 2), jsonl.Length);
    }

    private static Dictionary<string, string?> Flatten(JsonElement record) =>
        record.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ValueKind switch
        {
            JsonValueKind.Null => null,
            JsonValueKind.String => p.Value.GetString(),
            JsonValueKind.Number => p.Value.GetRawText(),
            JsonValueKind.True => "true",
            JsonValueKind.False => "false",
            _ => p.Value.GetRawText(),
        });
}
