using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using CsvHelper;

namespace Beacon.Core.Questions;

/// <summary>
/// Reads a question-set file (CSV or JSONL) into a <see cref="DatasetPreview"/>: every question with its file line,
/// id and language, duplicates by normalised text (within the file and against the catalogue), and every error with
/// its line. Pure: no I/O, the catalogue comes in as <see cref="ExistingQuestions"/>. Texts are kept as written apart
/// from surrounding whitespace (formula- or script-looking text is data, not code, and is stored verbatim).
/// </summary>
public static partial class DatasetParser
{
    /// <summary>After this many invalid UTF-8 lines the rest of the file is not worth listing.</summary>
    private const int MaxEncodingErrors = 20;

    private static readonly string[] IdNames = ["id"];
    private static readonly string[] CategoryNames = ["category", "subject"];
    private static readonly string[] TextNames = ["text", "prompt", "question"];
    private static readonly string[] LanguageNames = ["language", "lang"];
    private static readonly string[] GroupNames = ["group", "variant_group"];

    public static DatasetPreview Parse(ReadOnlyMemory<byte> content, DatasetFormat? format, string slug, ExistingQuestions existing)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(slug);
        ArgumentNullException.ThrowIfNull(existing);
        var chosen = format ?? DetectFormat(content.Span, null);
        var errors = new List<DatasetError>();

        if (content.Length > DatasetLimits.MaxFileBytes)
        {
            errors.Add(new DatasetError(0, null, $"The file is {content.Length:N0} bytes; at most {DatasetLimits.MaxFileBytes:N0} bytes can be imported at once."));
            return Empty(chosen, errors);
        }

        var span = content.Span;
        if (StartsWithUtf16Bom(span))
        {
            errors.Add(new DatasetError(0, null, "The file is UTF-16 encoded. Save it as UTF-8 and import it again."));
            return Empty(chosen, errors);
        }

        var bom = span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? 3 : 0;
        var body = content[bom..];
        errors.AddRange(EncodingErrors(body.Span, bom));
        if (errors.Count > 0)
        {
            return Empty(chosen, errors);
        }

        if (body.Span.IndexOfAnyExcept(" \t\r\n"u8) < 0)
        {
            errors.Add(new DatasetError(0, null, "The file is empty."));
            return Empty(chosen, errors);
        }

        var read = chosen == DatasetFormat.Csv ? ReadCsv(body, errors) : ReadJsonl(body.Span, errors);
        return Validate(chosen, read, slug, existing, errors);
    }

    /// <summary>JSONL when the file name says so or the first non-blank character opens an object; CSV otherwise.</summary>
    public static DatasetFormat DetectFormat(ReadOnlySpan<byte> content, string? fileName)
    {
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        if (extension is ".jsonl" or ".ndjson" or ".json")
        {
            return DatasetFormat.Jsonl;
        }
        if (extension is ".csv")
        {
            return DatasetFormat.Csv;
        }
        if (content.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            content = content[3..];
        }
        var first = content.IndexOfAnyExcept(" \t\r\n"u8);
        return first >= 0 && content[first] == (byte)'{' ? DatasetFormat.Jsonl : DatasetFormat.Csv;
    }

    /// <summary>Parses a format name as the API and UI accept it ("csv", "jsonl", "ndjson"); null when unknown.</summary>
    public static DatasetFormat? ParseFormatName(string? name) => name?.Trim().ToLowerInvariant() switch
    {
        "csv" => DatasetFormat.Csv,
        "jsonl" or "ndjson" or "json-lines" => DatasetFormat.Jsonl,
        _ => null,
    };

    private static bool StartsWithUtf16Bom(ReadOnlySpan<byte> span) =>
        span.Length >= 2 && ((span[0] == 0xFF && span[1] == 0xFE) || (span[0] == 0xFE && span[1] == 0xFF));

    private static DatasetPreview Empty(DatasetFormat format, List<DatasetError> errors) =>
        new(format, [], [], 0, [], [], errors);

    /// <summary>The first invalid byte sequence of each line (up to <see cref="MaxEncodingErrors"/> lines).</summary>
    private static List<DatasetError> EncodingErrors(ReadOnlySpan<byte> body, int offset)
    {
        var errors = new List<DatasetError>();
        if (System.Text.Unicode.Utf8.IsValid(body))
        {
            return errors;
        }

        var line = 1;
        var lineStart = 0;
        var lastReportedLine = 0;
        var position = 0;
        while (position < body.Length && errors.Count < MaxEncodingErrors)
        {
            var status = Rune.DecodeFromUtf8(body[position..], out _, out var consumed);
            if (status == System.Buffers.OperationStatus.Done)
            {
                if (body[position] == (byte)'\n')
                {
                    line++;
                    lineStart = position + 1;
                }
                position += consumed;
                continue;
            }

            if (line != lastReportedLine)
            {
                var bytes = Convert.ToHexString(body.Slice(position, Math.Max(1, Math.Min(consumed, 4))));
                errors.Add(new DatasetError(line, null,
                    $"invalid UTF-8 at byte {position + offset:N0} (column {position - lineStart + 1}, bytes 0x{bytes}). " +
                    "The file is not UTF-8 (Excel's \"CSV\" is often Windows-1252 or GB18030): save it as \"CSV UTF-8\" and import it again."));
                lastReportedLine = line;
            }
            position += Math.Max(consumed, 1);
        }
        return errors;
    }

    private static ReadResult ReadCsv(ReadOnlyMemory<byte> body, List<DatasetError> errors)
    {
        var records = new List<RawRecord>();
        var options = CsvReaderOptions.Default with
        {
            Separator = ',',
            HasHeader = true,
            TrackLineNumbers = true,
            SkipEmptyLines = true,
            OnMalformedRecord = malformed =>
            {
                var message = malformed.Reason switch
                {
                    CsvMalformedReason.UnterminatedQuote => "a quoted field is never closed: a double quote (\") is missing, so the rest of the file would be read as one value.",
                    CsvMalformedReason.TextAfterClosingQuote => "text follows the closing quote of a quoted field. Inside quotes, write a double quote as two (\"\").",
                    CsvMalformedReason.LineBreakInQuotes => "a quoted field contains a line break.",
                    _ => null,
                };
                // A stray quote inside an unquoted field (He said "no") is read as the text it is, not an error.
                if (message is not null)
                {
                    errors.Add(new DatasetError((int)malformed.LineNumber, null, message));
                }
            },
        };

        using var reader = CsvReader.Create(body, options);
        reader.ReadHeader();
        var headers = reader.Headers.Select(h => h.Trim()).ToList();
        var headerLine = 1;
        var columns = MapColumns(headers, headerLine, errors);
        if (columns is null)
        {
            return new ReadResult(headers, [], records);
        }

        var ignored = headers.Where((_, i) => !columns.Value.Uses(i)).Where(h => h.Length > 0).ToList();
        while (reader.Read())
        {
            var line = (int)reader.LineNumber;
            var count = reader.FieldCount;
            var blank = true;
            for (var i = 0; i < count && blank; i++)
            {
                blank = reader.GetSpan(i).IndexOfAnyExcept(" \t\r\n"u8) < 0;
            }
            if (blank)
            {
                continue; // a line of spaces is an empty line
            }
            if (count != headers.Count)
            {
                errors.Add(new DatasetError(line, null,
                    $"the row has {count} field{(count == 1 ? "" : "s")} but the header has {headers.Count}. A text that contains a comma must be in double quotes."));
                records.Add(new RawRecord(line, null, null, null, null, null, Invalid: true));
                continue;
            }
            string? Get(int index) => index < 0 ? null : reader.GetString(index);
            records.Add(new RawRecord(line, Get(columns.Value.Id), Get(columns.Value.Category), Get(columns.Value.Text), Get(columns.Value.Language),
                Get(columns.Value.Group), Invalid: false));
        }
        return new ReadResult(headers, ignored, records);
    }

    private static ColumnMap? MapColumns(List<string> headers, int headerLine, List<DatasetError> errors)
    {
        int Find(string[] names, string role)
        {
            var found = headers.Select((h, i) => (h, i)).Where(x => names.Contains(x.h, StringComparer.OrdinalIgnoreCase)).ToList();
            if (found.Count > 1)
            {
                errors.Add(new DatasetError(headerLine, found[1].h,
                    $"the columns {string.Join(" and ", found.Select(f => $"'{f.h}'"))} both give the {role}; keep one."));
            }
            return found.Count == 0 ? -1 : found[0].i;
        }

        var before = errors.Count;
        var map = new ColumnMap(Find(IdNames, "id"), Find(CategoryNames, "category"), Find(TextNames, "text"), Find(LanguageNames, "language"),
            Find(GroupNames, "group"));
        if (map.Text < 0)
        {
            var found = headers.Count == 0 ? "nothing" : string.Join(", ", headers.Select(h => $"'{h}'"));
            errors.Add(new DatasetError(headerLine, "text",
                $"the header has no 'text' or 'prompt' column (found {found}). The first line must name the columns, e.g. 'subject,prompt' or 'id,category,text,language'."));
        }
        return errors.Count > before ? null : map;
    }

    private static ReadResult ReadJsonl(ReadOnlySpan<byte> body, List<DatasetError> errors)
    {
        var records = new List<RawRecord>();
        var ignored = new SortedSet<string>(StringComparer.Ordinal);
        var line = 0;
        while (body.Length > 0 || line == 0)
        {
            line++;
            var end = body.IndexOf((byte)'\n');
            var current = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (current.IndexOfAnyExcept(" \t\r"u8) < 0)
            {
                if (end < 0)
                {
                    break;
                }
                continue;
            }

            var record = ReadJsonLine(current, line, errors, ignored);
            records.Add(record);
            if (end < 0)
            {
                break;
            }
        }
        return new ReadResult(["id", "category", "text", "language", "group"], ignored.ToList(), records);
    }

    private static RawRecord ReadJsonLine(ReadOnlySpan<byte> json, int line, List<DatasetError> errors, SortedSet<string> ignored)
    {
        var invalid = new RawRecord(line, null, null, null, null, null, Invalid: true);
        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 32 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.BytesConsumed < json.Length && json[(int)reader.BytesConsumed..].IndexOfAnyExcept(" \t\r"u8) >= 0)
            {
                errors.Add(new DatasetError(line, null, $"there is more than one JSON value on the line (text after column {reader.BytesConsumed}); put each question on its own line."));
                document.Dispose();
                return invalid;
            }
        }
        catch (JsonException ex)
        {
            errors.Add(new DatasetError(line, null, $"not valid JSON at column {(ex.BytePositionInLine ?? 0) + 1}: {ex.Message.Split(" LineNumber:")[0].Split(" Path:")[0].TrimEnd('.')}."));
            return invalid;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new DatasetError(line, null, $"expected a JSON object such as {{\"text\": \"...\"}}, found {Describe(root.ValueKind)}."));
                return invalid;
            }

            string? id = null, category = null, text = null, language = null, group = null;
            string? textName = null, categoryName = null;
            var ok = true;
            foreach (var property in root.EnumerateObject())
            {
                var name = property.Name;
                if (IdNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            id = property.Value.GetString();
                            break;
                        case JsonValueKind.Number when property.Value.TryGetInt64(out var number):
                            id = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            errors.Add(new DatasetError(line, name, $"'{name}' must be a string or a whole number, not {Describe(property.Value.ValueKind)}."));
                            ok = false;
                            break;
                    }
                }
                else if (TextNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    if (textName is not null)
                    {
                        errors.Add(new DatasetError(line, name, $"both '{textName}' and '{name}' give the text; keep one."));
                        ok = false;
                    }
                    textName = name;
                    ok &= ReadString(property, line, errors, out text);
                }
                else if (CategoryNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    if (categoryName is not null)
                    {
                        errors.Add(new DatasetError(line, name, $"both '{categoryName}' and '{name}' give the category; keep one."));
                        ok = false;
                    }
                    categoryName = name;
                    ok &= ReadString(property, line, errors, out category);
                }
                else if (LanguageNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    ok &= ReadString(property, line, errors, out language);
                }
                else if (GroupNames.Contains(name, StringComparer.OrdinalIgnoreCase))
                {
                    switch (property.Value.ValueKind)
                    {
                        case JsonValueKind.String:
                            group = property.Value.GetString();
                            break;
                        case JsonValueKind.Number when property.Value.TryGetInt64(out var number):
                            group = number.ToString(System.Globalization.CultureInfo.InvariantCulture);
                            break;
                        case JsonValueKind.Null:
                            break;
                        default:
                            errors.Add(new DatasetError(line, name, $"'{name}' must be a string or a whole number, not {Describe(property.Value.ValueKind)}."));
                            ok = false;
                            break;
                    }
                }
                else
                {
                    ignored.Add(name);
                }
            }

            if (textName is null)
            {
                errors.Add(new DatasetError(line, "text", "the object has no \"text\" (or \"prompt\") property."));
                return invalid;
            }
            return new RawRecord(line, id, category, text, language, group, Invalid: !ok);
        }
    }

    private static bool ReadString(JsonProperty property, int line, List<DatasetError> errors, out string? value)
    {
        switch (property.Value.ValueKind)
        {
            case JsonValueKind.String:
                value = property.Value.GetString();
                return true;
            case JsonValueKind.Null:
                value = null;
                return true;
            default:
                errors.Add(new DatasetError(line, property.Name, $"'{property.Name}' must be a string, not {Describe(property.Value.ValueKind)}."));
                value = null;
                return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static DatasetPreview Validate(DatasetFormat format, ReadResult read, string slug, ExistingQuestions existing, List<DatasetError> errors)
    {
        var accepted = new List<(RawRecord Record, string? Id, string Category, string Text, string Language, bool Detected, string? Group)>();
        var languagesByGroup = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var duplicates = new List<DuplicateQuestion>();
        var linesByKey = new Dictionary<string, int>(StringComparer.Ordinal);
        var linesById = new Dictionary<string, int>(StringComparer.Ordinal);
        var tooMany = false;

        foreach (var record in read.Records)
        {
            if (record.Invalid)
            {
                continue;
            }
            var line = record.Line;
            var before = errors.Count;

            var text = record.Text?.Trim() ?? "";
            if (text.Length == 0)
            {
                errors.Add(new DatasetError(line, "text", "the text is empty."));
            }
            else if (text.Length > DatasetLimits.MaxTextLength)
            {
                errors.Add(new DatasetError(line, "text", $"the text is {text.Length:N0} characters long; at most {DatasetLimits.MaxTextLength:N0} are allowed."));
            }
            CheckNoNul(text, "text", line, errors);

            var category = record.Category?.Trim() ?? "";
            if (category.Length == 0)
            {
                category = DatasetLimits.DefaultCategory;
            }
            else if (category.Length > DatasetLimits.MaxCategoryLength)
            {
                errors.Add(new DatasetError(line, "category", $"the category is {category.Length} characters long; at most {DatasetLimits.MaxCategoryLength} are allowed."));
            }
            CheckNoNul(category, "category", line, errors);

            var id = record.Id?.Trim();
            if (string.IsNullOrEmpty(id))
            {
                id = null;
            }
            else if (id.Length > DatasetLimits.MaxIdLength)
            {
                errors.Add(new DatasetError(line, "id", $"the id is {id.Length} characters long; at most {DatasetLimits.MaxIdLength} are allowed."));
            }
            else if (id.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
            {
                errors.Add(new DatasetError(line, "id", $"the id '{Shorten(id)}' contains a space or a control character."));
            }

            var language = record.Language?.Trim() ?? "";
            var detected = language.Length == 0;
            if (detected)
            {
                language = QuestionText.DetectLanguage(text);
            }
            else if (language.Length > DatasetLimits.MaxLanguageLength || !LanguageTag().IsMatch(language))
            {
                errors.Add(new DatasetError(line, "language", $"'{Shorten(language)}' is not a language code such as en, zh or zh-Hant."));
            }

            var group = record.Group?.Trim();
            if (string.IsNullOrEmpty(group))
            {
                group = null;
            }
            else if (group.Length > DatasetLimits.MaxIdLength)
            {
                errors.Add(new DatasetError(line, "group", $"the group is {group.Length} characters long; at most {DatasetLimits.MaxIdLength} are allowed."));
            }
            else if (group.Any(char.IsControl))
            {
                errors.Add(new DatasetError(line, "group", $"the group '{Shorten(group)}' contains a control character."));
            }
            else
            {
                // A variant group links one question per language: a second question in one language is ambiguous.
                var languages = languagesByGroup.TryGetValue(group, out var known) ? known : languagesByGroup[group] = new(StringComparer.OrdinalIgnoreCase);
                if (languages.TryGetValue(language, out var sameLanguage))
                {
                    errors.Add(new DatasetError(line, "group",
                        $"the group '{Shorten(group)}' already has a question in '{language}' (line {sameLanguage}); a group holds one question per language."));
                }
                else
                {
                    languages[language] = line;
                }
            }

            if (errors.Count > before || text.Length == 0)
            {
                continue;
            }

            var key = QuestionText.Key(text);
            if (linesByKey.TryGetValue(key, out var firstLine))
            {
                duplicates.Add(new DuplicateQuestion(line, text, firstLine, null));
                continue;
            }
            linesByKey[key] = line;
            if (existing.IdsByTextKey.TryGetValue(key, out var existingId))
            {
                duplicates.Add(new DuplicateQuestion(line, text, null, existingId));
                continue;
            }

            if (id is not null && !RegisterId(id, line, linesById, existing, errors, generated: false))
            {
                continue;
            }

            if (accepted.Count == DatasetLimits.MaxQuestions)
            {
                if (!tooMany)
                {
                    errors.Add(new DatasetError(line, null,
                        $"the file has more than {DatasetLimits.MaxQuestions:N0} questions (this is question {DatasetLimits.MaxQuestions + 1:N0}); a set holds at most {DatasetLimits.MaxQuestions:N0}. Split the file."));
                    tooMany = true;
                }
                continue;
            }
            accepted.Add((record, id, category, text, language, detected, group));
        }

        var questions = new List<ParsedQuestion>(accepted.Count);
        for (var i = 0; i < accepted.Count; i++)
        {
            var (record, id, category, text, language, detected, group) = accepted[i];
            var position = i + 1;
            var generated = id is null;
            if (generated)
            {
                id = $"{slug}-{position:D4}";
                RegisterId(id, record.Line, linesById, existing, errors, generated: true);
            }
            // Without a group a question is its own group (its id), linked to nothing.
            questions.Add(new ParsedQuestion(record.Line, position, id!, category, text, language, generated, detected, group ?? id!));
        }

        var records = read.Records.Count;
        if (errors.Count == 0 && questions.Count == 0)
        {
            errors.Add(new DatasetError(0, null, duplicates.Count > 0
                ? $"nothing to import: all {duplicates.Count:N0} questions of the file are already in the catalogue or repeat each other."
                : "the file has a header but no questions."));
        }

        errors.Sort((a, b) => a.Line.CompareTo(b.Line));
        return new DatasetPreview(format, read.Columns, read.Ignored, records, questions, duplicates, errors);
    }

    private static bool RegisterId(string id, int line, Dictionary<string, int> linesById, ExistingQuestions existing, List<DatasetError> errors, bool generated)
    {
        var what = generated ? $"the generated id '{id}'" : $"the id '{Shorten(id)}'";
        if (linesById.TryGetValue(id, out var other))
        {
            errors.Add(new DatasetError(line, "id", $"{what} is also used on line {other}; ids must be unique."));
            return false;
        }
        if (existing.Ids.Contains(id))
        {
            errors.Add(new DatasetError(line, "id",
                $"{what} is already used by a question in the catalogue; ids must be unique. Rename it, or leave the id empty to have one generated."));
            return false;
        }
        linesById[id] = line;
        return true;
    }

    private static void CheckNoNul(string value, string field, int line, List<DatasetError> errors)
    {
        if (value.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(new DatasetError(line, field, $"the {field} contains a NUL character (U+0000), which cannot be stored."));
        }
    }

    private static string Shorten(string value) => value.Length <= 40 ? value : value[..40] + "…";

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*$")]
    private static partial Regex LanguageTag();

    private sealed record RawRecord(int Line, string? Id, string? Category, string? Text, string? Language, string? Group, bool Invalid);

    private sealed record ReadResult(IReadOnlyList<string> Columns, IReadOnlyList<string> Ignored, List<RawRecord> Records);

    private readonly record struct ColumnMap(int Id, int Category, int Text, int Language, int Group)
    {
        public bool Uses(int index) => index == Id || index == Category || index == Text || index == Language || index == Group;
    }
}
