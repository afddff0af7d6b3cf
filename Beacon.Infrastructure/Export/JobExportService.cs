using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Services;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Infrastructure.Export;

/// <summary>
/// Writes a job's executions or statistics as CSV, JSON or JSONL to a stream, each carrying the job's parameters and
/// the classifier version so the results can be reproduced. Executions are streamed from the database and written as
/// they arrive (a 20,000-execution job is never held in memory). Texts are written verbatim, non-ASCII text unescaped in
/// JSON; CSV comes in the <see cref="CsvVariant"/>s (plain, spreadsheet-safe, for Excel). Repeats are numbered from 1, as
/// the pages show them.
/// </summary>
public sealed class JobExportService(IDbContextFactory<BeaconDbContext> dbFactory, NpgsqlDataSource dataSource, JobStatisticsService statistics, TimeProvider time)
{
    private const int FlushThreshold = 64 * 1024;

    // JSON keeps text as text (抱歉, not \u62B1\u6B49): escaping only what JSON requires. The "unsafe" in the name is
    // about embedding the output in HTML or a script, which an export (a download, served as JSON) never is.
    private static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = Encoder };
    private static readonly byte[] Utf8ByteOrderMark = [0xEF, 0xBB, 0xBF];

    /// <summary>snake_case names and enum names as text: the same field names in every format.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        Encoder = Encoder,
        Converters = { new JsonStringEnumConverter() },
    };

    private static readonly (string Name, Func<JobExportHeader, ExecutionExportRow, string?> Value)[] ExecutionColumns =
    [
        ("job_id", (j, _) => j.Id.ToString()),
        ("job_name", (j, _) => j.Name),
        ("execution_id", (_, e) => Text(e.ExecutionId)),
        ("question_id", (_, e) => e.QuestionId),
        ("category", (_, e) => e.Category),
        ("language", (_, e) => e.Language),
        ("prompt", (_, e) => e.Prompt),
        ("model", (_, e) => e.Model),
        ("region", (_, e) => e.Region),
        ("persona", (_, e) => e.Persona),
        ("repeat", (_, e) => Text(e.Repeat)),
        ("status", (_, e) => e.Status),
        ("class", (_, e) => e.Class),
        ("classifier_class", (_, e) => e.ClassifierClass),
        ("classifier_version", (_, e) => e.ClassifierVersion),
        ("classification_rule", (_, e) => e.ClassificationRule),
        ("classification_evidence", (_, e) => e.ClassificationEvidence),
        ("override_class", (_, e) => e.OverrideClass),
        ("override_by", (_, e) => e.OverrideBy),
        ("override_at", (_, e) => Text(e.OverrideAt)),
        ("override_note", (_, e) => e.OverrideNote),
        ("response", (_, e) => e.Response),
        ("error_code", (_, e) => e.ErrorCode),
        ("error_message", (_, e) => e.ErrorMessage),
        ("attempt_count", (_, e) => Text(e.AttemptCount)),
        ("tokens_generated", (_, e) => Text(e.TokensGenerated)),
        ("inference_seconds", (_, e) => Text(e.InferenceSeconds)),
        ("reported_region", (_, e) => e.ReportedRegion),
        ("region_mismatch", (_, e) => Text(e.RegionMismatch)),
        ("placement_provider", (_, e) => e.PlacementProvider),
        ("placement_region", (_, e) => e.PlacementRegion),
        ("placement_verdict", (_, e) => e.PlacementVerdict),
        ("emulated", (_, e) => Text(e.Emulated)),
        ("moderated", (_, e) => Text(e.Moderated)),
        ("started_at", (_, e) => Text(e.StartedAt)),
        ("completed_at", (_, e) => Text(e.CompletedAt)),
        ("system_prompt", (_, e) => e.SystemPrompt),
        ("temperature", (j, _) => Text(j.Temperature)),
        ("max_tokens", (j, _) => Text(j.MaxTokens)),
        ("seed", (j, _) => Text(j.Seed)),
        ("repeats", (j, _) => Text(j.Repeats)),
        ("models", (j, _) => string.Join(';', j.Models)),
        ("regions", (j, _) => string.Join(';', j.Regions)),
        ("personas", (j, _) => string.Join(';', j.Personas)),
        ("system_prompt_template", (j, _) => j.SystemPromptTemplate),
    ];

    /// <summary>The columns of <see cref="ExecutionColumns"/> that read only the job, never the row.</summary>
    private static readonly HashSet<string> JobColumns =
        ["job_id", "job_name", "temperature", "max_tokens", "seed", "repeats", "models", "regions", "personas", "system_prompt_template"];

    private static readonly string[] StatisticsColumns =
    [
        "job_id", "job_name", "scope", "model", "category", "region", "refused", "questions", "rate", "ci_lower", "ci_upper", "confidence",
        "failed_questions", "unfinished_questions", "paired_test", "paired_questions", "p_value", "classifier_version",
        "answers", "raw_answer_rate", "corrected_rate", "corrected_ci_lower", "corrected_ci_upper", "reviewed_answers",
        "temperature", "max_tokens", "seed", "repeats", "models", "regions", "system_prompt_template",
    ];

    public static IReadOnlyList<string> ExecutionColumnNames { get; } = ExecutionColumns.Select(c => c.Name).ToArray();

    public static ExportFormat? ParseFormat(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "csv" => ExportFormat.Csv,
        "json" => ExportFormat.Json,
        "jsonl" or "ndjson" => ExportFormat.Jsonl,
        _ => null,
    };

    public static ExportContent? ParseContent(string? value) => value?.Trim().ToLowerInvariant() switch
    {
        "executions" => ExportContent.Executions,
        "statistics" => ExportContent.Statistics,
        _ => null,
    };

    public static string ContentType(ExportFormat format) => format switch
    {
        ExportFormat.Csv => "text/csv; charset=utf-8",
        ExportFormat.Json => "application/json; charset=utf-8",
        _ => "application/x-ndjson; charset=utf-8",
    };

    /// <summary>Each variant its own name, so two downloads of one job never overwrite or shadow each other.</summary>
    public static string FileName(JobExportHeader job, ExportContent content, ExportFormat format, CsvVariant csv = CsvVariant.Plain)
    {
        var variant = format != ExportFormat.Csv ? "" : csv switch
        {
            CsvVariant.SpreadsheetSafe => "-spreadsheet-safe",
            CsvVariant.Excel => "-excel",
            _ => "",
        };
        return $"beacon-job-{job.Id}-{content.ToString().ToLowerInvariant()}{variant}.{format.ToString().ToLowerInvariant()}";
    }

    public async Task<JobExportHeader?> HeaderAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        return job is null
            ? null
            : new JobExportHeader(job.Id, job.Name, job.Status.ToString().ToLowerInvariant(), job.Questions, job.Models, job.Regions, job.Repeats,
                job.Temperature, job.MaxTokens, job.Seed, job.SystemPromptTemplate, job.ExecutionCount, job.SubmittedBy, job.CreatedAt, job.FinishedAt,
                job.Personas);
    }

    /// <param name="csv">For CSV only: the variant written.</param>
    public Task WriteAsync(JobExportHeader job, ExportContent content, ExportFormat format, Stream output, CsvVariant csv, CancellationToken cancellationToken) =>
        (content, format) switch
        {
            (ExportContent.Executions, ExportFormat.Csv) => WriteExecutionsCsvAsync(job, output, csv, cancellationToken),
            (ExportContent.Executions, ExportFormat.Json) => WriteExecutionsJsonAsync(job, output, cancellationToken),
            (ExportContent.Executions, _) => WriteExecutionsJsonlAsync(job, output, cancellationToken),
            (_, ExportFormat.Csv) => WriteStatisticsCsvAsync(job, output, csv, cancellationToken),
            (_, ExportFormat.Json) => WriteStatisticsJsonAsync(job, output, cancellationToken),
            _ => WriteStatisticsJsonlAsync(job, output, cancellationToken),
        };

    // Only the exported columns (not the attempts' history or the receipts, jsonb often larger than the answer), read with
    // one raw reader in id order: EF's materialisation was half the cost of an export (decision 0017).
    private const string RowsSql = """
        SELECT id, question_id, prompt, model_id, region, repeat_index, status, classification, classifier_version,
               classification_rule, classification_evidence, override_class, override_by, override_at, override_note,
               response_text, error_code, error_message, attempt_count, tokens_generated, inference_seconds,
               reported_region, region_mismatch, emulated, moderated, started_at, completed_at, system_prompt,
               placement_provider, placement_region, placement_verdict, persona
        FROM executions WHERE job_id = $1 ORDER BY id
        """;

    /// <summary>The executions of a job in id order (the order they were planned: question, model, region, repeat).</summary>
    public async IAsyncEnumerable<ExecutionExportRow> RowsAsync(JobExportHeader job, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var questions = job.Questions.ToDictionary(q => q.Id, StringComparer.Ordinal);
        var statuses = Enum.GetValues<ExecutionStatus>().ToDictionary(s => s.ToString(), s => (Status: s, Text: s.ToString().ToLowerInvariant()), StringComparer.Ordinal);
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // Without a transaction PostgreSQL sends the rows as it reads them; the reader is sequential so each answer is read once.
        await using var command = new NpgsqlCommand(RowsSql, connection) { Parameters = { new() { Value = job.Id } } };
        await using var reader = await command.ExecuteReaderAsync(System.Data.CommandBehavior.SequentialAccess, cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            // Columns in order: the reader is sequential.
            var (id, questionId, prompt, model, region, repeat) =
                (reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetString(4), reader.GetInt32(5) + 1);
            var status = statuses[reader.GetString(6)];
            var (classification, version, rule, evidence) = (Text(reader, 7), Text(reader, 8), Text(reader, 9), Text(reader, 10));
            var (overrideClass, overrideBy, overrideAt, overrideNote) = (Text(reader, 11), Text(reader, 12), Time(reader, 13), Text(reader, 14));
            var (response, errorCode, errorMessage, attempts) = (Text(reader, 15), Text(reader, 16), Text(reader, 17), reader.GetInt32(18));
            int? tokens = reader.IsDBNull(19) ? null : reader.GetInt32(19);
            double? seconds = reader.IsDBNull(20) ? null : reader.GetDouble(20);
            var (reported, mismatch, emulated, moderated) = (Text(reader, 21), reader.GetBoolean(22), reader.GetBoolean(23), reader.GetBoolean(24));
            var (started, completed, systemPrompt) = (Time(reader, 25), Time(reader, 26), reader.GetString(27));
            var (provider, placementRegion, verdict, persona) = (Text(reader, 28), Text(reader, 29), Text(reader, 30), reader.GetString(31));
            var question = questions.GetValueOrDefault(questionId);
            var finished = status.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed;
            yield return new ExecutionExportRow(
                id, questionId, question?.Category ?? "", question?.Language ?? "", prompt, model, region, repeat, status.Text,
                EffectiveClass.Resolve(finished, classification, overrideClass)?.ToString(),
                classification, version, rule, evidence, overrideClass, overrideBy, overrideAt, overrideNote,
                response, errorCode, errorMessage, attempts, tokens, seconds, reported, mismatch, emulated, moderated, started, completed,
                systemPrompt, persona, provider, placementRegion, verdict);
        }
    }

    private static string? Text(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static DateTimeOffset? Time(NpgsqlDataReader reader, int ordinal) =>
        reader.IsDBNull(ordinal) ? null : reader.GetFieldValue<DateTimeOffset>(ordinal);

    private async Task WriteExecutionsCsvAsync(JobExportHeader job, Stream output, CsvVariant variant, CancellationToken cancellationToken)
    {
        await using var csv = await CreateCsvAsync(output, variant, cancellationToken);
        csv.WriteHeader(ExecutionColumnNames.ToArray());
        var fields = new string?[ExecutionColumns.Length];
        // The job's own columns are the same on every row: formatted once, not once per row.
        var perJob = ExecutionColumns.Select(c => JobColumns.Contains(c.Name)).ToArray();
        for (var i = 0; i < ExecutionColumns.Length; i++)
        {
            fields[i] = perJob[i] ? ExecutionColumns[i].Value(job, null!) : null;
        }
        await foreach (var row in RowsAsync(job, cancellationToken))
        {
            for (var i = 0; i < ExecutionColumns.Length; i++)
            {
                if (!perJob[i])
                {
                    fields[i] = ExecutionColumns[i].Value(job, row);
                }
            }
            await csv.WriteRecordAsync(fields!, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private async Task WriteExecutionsJsonAsync(JobExportHeader job, Stream output, CancellationToken cancellationToken)
    {
        var document = new JsonDocumentOutput(output);
        var json = document.Writer;
        json.WriteStartObject();
        WriteJobProperties(json);
        json.WritePropertyName("job");
        JsonSerializer.Serialize(json, JobObject(job), JsonOptions);
        json.WriteStartArray("executions");
        await foreach (var row in RowsAsync(job, cancellationToken))
        {
            JsonSerializer.Serialize(json, row, JsonOptions);
            await document.WriteIfFullAsync(cancellationToken);
        }
        json.WriteEndArray();
        json.WriteEndObject();
        await document.CompleteAsync(cancellationToken);
    }

    private async Task WriteExecutionsJsonlAsync(JobExportHeader job, Stream output, CancellationToken cancellationToken)
    {
        var lines = new JsonLines(output);
        await foreach (var row in RowsAsync(job, cancellationToken))
        {
            await lines.WriteAsync(Flat(job, row), cancellationToken);
        }
        await lines.CompleteAsync(cancellationToken);
    }

    private async Task WriteStatisticsCsvAsync(JobExportHeader job, Stream output, CsvVariant variant, CancellationToken cancellationToken)
    {
        var stats = await RequireStatisticsAsync(job, cancellationToken);
        await using var csv = await CreateCsvAsync(output, variant, cancellationToken);
        csv.WriteHeader(StatisticsColumns);
        foreach (var row in StatisticsRows(job, stats))
        {
            await csv.WriteRecordAsync(StatisticsColumns.Select(c => Text(row[c])).ToArray()!, cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private async Task WriteStatisticsJsonAsync(JobExportHeader job, Stream output, CancellationToken cancellationToken)
    {
        var stats = await RequireStatisticsAsync(job, cancellationToken);
        var document = new JsonDocumentOutput(output);
        var json = document.Writer;
        json.WriteStartObject();
        WriteJobProperties(json);
        json.WritePropertyName("job");
        JsonSerializer.Serialize(json, JobObject(job), JsonOptions);
        json.WritePropertyName("statistics");
        JsonSerializer.Serialize(json, stats, JsonOptions);
        json.WriteEndObject();
        await document.CompleteAsync(cancellationToken);
    }

    private async Task WriteStatisticsJsonlAsync(JobExportHeader job, Stream output, CancellationToken cancellationToken)
    {
        var stats = await RequireStatisticsAsync(job, cancellationToken);
        var lines = new JsonLines(output);
        foreach (var row in StatisticsRows(job, stats))
        {
            await lines.WriteAsync(row, cancellationToken);
        }
        await lines.CompleteAsync(cancellationToken);
    }

    private async Task<JobStatistics> RequireStatisticsAsync(JobExportHeader job, CancellationToken cancellationToken) =>
        await statistics.ComputeAsync(job.Id, cancellationToken) ?? throw new InvalidOperationException($"Job {job.Id} disappeared during the export.");

    private void WriteJobProperties(Utf8JsonWriter json)
    {
        json.WriteString("format", "beacon-export/1");
        json.WriteString("exported_at", time.GetUtcNow());
        json.WriteString("classifier_version", ResponseClassifier.Version);
    }

    private static object JobObject(JobExportHeader job) => new
    {
        job.Id,
        job.Name,
        job.Status,
        job.Models,
        job.Regions,
        job.Personas,
        job.Repeats,
        job.Temperature,
        job.MaxTokens,
        job.Seed,
        job.SystemPromptTemplate,
        Questions = job.Questions.Select(q => new { q.Id, q.Category, q.Text, q.Language }),
        job.ExecutionCount,
        job.SubmittedBy,
        job.CreatedAt,
        job.FinishedAt,
    };

    private static Dictionary<string, object?> FlatJob(JobExportHeader job) => new(StringComparer.Ordinal)
    {
        ["temperature"] = job.Temperature,
        ["max_tokens"] = job.MaxTokens,
        ["seed"] = job.Seed,
        ["repeats"] = job.Repeats,
        ["models"] = job.Models,
        ["regions"] = job.Regions,
        ["personas"] = job.Personas,
        ["system_prompt_template"] = job.SystemPromptTemplate,
    };

    /// <summary>A JSONL record: the execution's fields with the job's id, name and parameters.</summary>
    private static Dictionary<string, object?> Flat(JobExportHeader job, ExecutionExportRow row)
    {
        var record = new Dictionary<string, object?>(StringComparer.Ordinal) { ["job_id"] = job.Id, ["job_name"] = job.Name };
        foreach (var property in JsonSerializer.SerializeToElement(row, JsonOptions).EnumerateObject())
        {
            record[property.Name] = property.Value;
        }
        foreach (var (key, value) in FlatJob(job))
        {
            record[key] = value;
        }
        return record;
    }

    private static IEnumerable<Dictionary<string, object?>> StatisticsRows(JobExportHeader job, JobStatistics stats)
    {
        foreach (var (scope, rates) in new[] { ("model_region", stats.ByModelRegion), ("model_category_region", stats.ByModelCategoryRegion) })
        {
            foreach (var rate in rates)
            {
                var comparison = stats.RegionComparisons.Single(c => c.Model == rate.Model && c.Category == rate.Category);
                var row = new Dictionary<string, object?>(StringComparer.Ordinal)
                {
                    ["job_id"] = job.Id,
                    ["job_name"] = job.Name,
                    ["scope"] = scope,
                    ["model"] = rate.Model,
                    ["category"] = rate.Category,
                    ["region"] = rate.Region,
                    ["refused"] = rate.Refused,
                    ["questions"] = rate.Questions,
                    ["rate"] = rate.Rate,
                    ["ci_lower"] = rate.Lower,
                    ["ci_upper"] = rate.Upper,
                    ["confidence"] = rate.Confidence,
                    ["failed_questions"] = rate.FailedQuestions,
                    ["unfinished_questions"] = rate.UnfinishedQuestions,
                    ["paired_test"] = comparison.Test.ToString(),
                    ["paired_questions"] = comparison.Questions,
                    ["p_value"] = comparison.PValue,
                    ["classifier_version"] = string.Join(';', stats.Coverage.ClassifierVersions),
                };
                // Raw and corrected answer-level refusal shares from human review, beside the question-level rate
                // (per model and region only; empty without a review).
                var corrected = rate.Category is null
                    ? stats.Corrected.FirstOrDefault(c => c.Model == rate.Model && c.Region == rate.Region && c.Language is null)
                    : null;
                row["answers"] = corrected?.Answers;
                row["raw_answer_rate"] = corrected?.RawRate;
                row["corrected_rate"] = corrected?.Corrected.Rate;
                row["corrected_ci_lower"] = corrected?.Corrected.Lower;
                row["corrected_ci_upper"] = corrected?.Corrected.Upper;
                row["reviewed_answers"] = corrected?.Corrected.Reviewed;
                foreach (var (key, value) in FlatJob(job))
                {
                    row[key] = value;
                }
                yield return row;
            }
        }
    }

    private static async Task<CsvWriter> CreateCsvAsync(Stream output, CsvVariant variant, CancellationToken cancellationToken)
    {
        if (variant == CsvVariant.Excel)
        {
            await output.WriteAsync(Utf8ByteOrderMark, cancellationToken);
        }
        var options = CsvWriterOptions.Default with { Injection = variant == CsvVariant.Plain ? CsvInjection.None : CsvInjection.Escape };
        return CsvWriter.Create(output, options, leaveOpen: true);
    }

    private static string? Text(object? value) => value switch
    {
        null => null,
        string s => s,
        bool b => b ? "true" : "false",
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        DateTimeOffset t => t.ToString("O", CultureInfo.InvariantCulture),
        IEnumerable<string> list => string.Join(';', list),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    /// <summary>
    /// One JSON document written into a buffer and copied to the stream asynchronously in large chunks. (A
    /// Utf8JsonWriter over the stream itself would flush synchronously inside JsonSerializer.Serialize, which an HTTP
    /// response body refuses.)
    /// </summary>
    private sealed class JsonDocumentOutput(Stream output)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
        private Utf8JsonWriter? _writer;

        public Utf8JsonWriter Writer => _writer ??= new Utf8JsonWriter(_buffer, WriterOptions);

        public async Task WriteIfFullAsync(CancellationToken cancellationToken)
        {
            if (_buffer.WrittenCount + Writer.BytesPending > FlushThreshold)
            {
                await WriteAsync(cancellationToken);
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await WriteAsync(cancellationToken);
            await output.FlushAsync(cancellationToken);
            await Writer.DisposeAsync();
        }

        private async Task WriteAsync(CancellationToken cancellationToken)
        {
            Writer.Flush();
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
        }
    }

    /// <summary>Buffers JSON lines and writes them to the stream asynchronously in large chunks.</summary>
    private sealed class JsonLines(Stream output)
    {
        private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
        private readonly Utf8JsonWriter _writer = new(new ArrayBufferWriter<byte>(), WriterOptions);

        public async Task WriteAsync(object? record, CancellationToken cancellationToken)
        {
            _writer.Reset(_buffer);
            JsonSerializer.Serialize(_writer, record, JsonOptions);
            _writer.Flush();
            _buffer.Write("\n"u8);
            if (_buffer.WrittenCount > FlushThreshold)
            {
                await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
                _buffer.ResetWrittenCount();
            }
        }

        public async Task CompleteAsync(CancellationToken cancellationToken)
        {
            await output.WriteAsync(_buffer.WrittenMemory, cancellationToken);
            _buffer.ResetWrittenCount();
            await output.FlushAsync(cancellationToken);
            await _writer.DisposeAsync();
        }
    }
}
