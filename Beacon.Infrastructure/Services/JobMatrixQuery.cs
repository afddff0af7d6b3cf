using Beacon.Core.Analysis;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Npgsql;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// The job page's results matrix, computed in PostgreSQL one page of questions at a time (decision 0017): which
/// questions match the filter (one query, the filter's clauses as WHERE / HAVING), the page's cells aggregated over
/// their repeats (counts per status and class, one answer's first line), a cell's answers when it is opened, and the
/// job's header figures as one aggregate. Nothing here reads or keeps every row of a job. Callers check access first.
/// </summary>
public sealed class JobMatrixQuery(NpgsqlDataSource dataSource)
{
    /// <summary>Characters of an answer's first line shown in a cell.</summary>
    public const int FirstLineLength = 160;

    /// <summary>The effective class of an execution: a researcher's override wins over the classifier.</summary>
    private const string Class = "COALESCE(e.override_class, e.classification)";

    /// <summary>Class order for majorities (ties go to the earlier class, as <see cref="MatrixCell.Majority"/> does).</summary>
    private static readonly string ClassRank =
        $"array_position(ARRAY[{string.Join(", ", Enum.GetNames<ResponseClass>().Select(n => $"'{n}'"))}]::text[], {Class})";

    /// <summary>
    /// The job's questions in the matrix's order: categories in the order they first appear, within a category the
    /// variant groups in the order they first appear, a group's language variants together (in the job's order).
    /// </summary>
    public static IReadOnlyList<JobQuestion> Order(IReadOnlyList<JobQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var categories = new Dictionary<string, int>(StringComparer.Ordinal);
        var groups = new Dictionary<(string, string), int>();
        foreach (var q in questions)
        {
            categories.TryAdd(q.Category, categories.Count);
            groups.TryAdd((q.Category, q.VariantGroup), groups.Count);
        }
        return questions.Select((q, i) => (q, i))
            .OrderBy(x => categories[x.q.Category]).ThenBy(x => groups[(x.q.Category, x.q.VariantGroup)]).ThenBy(x => x.i)
            .Select(x => x.q).ToList();
    }

    /// <summary>The job's columns: model x region (x persona, when the job varies it), in the order the job lists them.</summary>
    public static IReadOnlyList<MatrixColumn> Columns(Job job)
    {
        ArgumentNullException.ThrowIfNull(job);
        return [.. from model in job.Models
                   from region in job.Regions
                   from persona in Personas.ForRegion(job.Personas, region)
                   select new MatrixColumn(model, region, persona)];
    }

    /// <summary>The languages of the job's questions, in the order they first appear.</summary>
    public static IReadOnlyList<string> Languages(Job job) => [.. job.Questions.Select(q => q.Language).Distinct(StringComparer.Ordinal)];

    /// <summary>Null when the filter fits the job; otherwise what is wrong, naming the field.</summary>
    public static string? Check(Job job, MatrixFilter filter)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(filter);
        if (filter.Model is { } model && !job.Models.Contains(model, StringComparer.Ordinal))
        {
            return $"model: '{model}' is not one of this job's models ({string.Join(", ", job.Models)}).";
        }
        if (filter.Region is { } region && !job.Regions.Contains(region, StringComparer.Ordinal))
        {
            return $"region: '{region}' is not one of this job's regions ({string.Join(", ", job.Regions)}).";
        }
        if (filter.Class is { } c && !Enum.GetNames<ResponseClass>().Contains(c, StringComparer.Ordinal))
        {
            return $"class: '{c}' is not a class ({string.Join(", ", Enum.GetNames<ResponseClass>())}).";
        }
        if (filter.Language is { } language && !Languages(job).Contains(language, StringComparer.Ordinal))
        {
            return $"language: no question of this job is in '{language}'.";
        }
        if (filter.Search is { Length: > 200 })
        {
            return "search: at most 200 characters.";
        }
        return null;
    }

    /// <summary>One page of the matrix (pages count from 1; a page past the end shows the last one).</summary>
    public async Task<MatrixPage> PageAsync(Job job, MatrixFilter filter, int page, int pageSize, CancellationToken cancellationToken)
    {
        var matching = await MatchingAsync(job, filter, cancellationToken);
        return await PageAsync(job, filter, matching, page, pageSize, cancellationToken);
    }

    /// <summary>A page of questions already known to match (<see cref="MatchingAsync"/>): only its cells are read.</summary>
    public async Task<MatrixPage> PageAsync(
        Job job, MatrixFilter filter, IReadOnlyList<JobQuestion> matching, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(matching);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        var pages = Math.Max(1, (matching.Count + pageSize - 1) / pageSize);
        page = Math.Clamp(page, 1, pages);
        var questions = matching.Skip((page - 1) * pageSize).Take(pageSize).ToList();
        var columns = Columns(job).Where(c => Shown(c, filter)).ToList();
        var cells = await CellsAsync(job.Id, filter, questions.Select(q => q.Id).ToArray(), columns, cancellationToken);
        return new MatrixPage(questions, columns, cells, matching.Count, job.Questions.Count, page, pageSize);
    }

    /// <summary>The job's questions that match the filter, in the matrix's order.</summary>
    public async Task<IReadOnlyList<JobQuestion>> MatchingAsync(Job job, MatrixFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(filter);
        if (Check(job, filter) is { } error)
        {
            throw new ArgumentException(error, nameof(filter));
        }
        var ordered = Order(job.Questions).Where(q => filter.Language is null || q.Language == filter.Language).ToList();
        if (!filter.FiltersByExecutions || ordered.Count == 0)
        {
            return ordered;
        }

        var clauses = new List<string>();
        var executionClauses = ExecutionClauses(filter);
        if (filter.Class is not null || filter.Search is not null)
        {
            clauses.Add($"q.id IN (SELECT e.question_id FROM executions AS e WHERE e.job_id = @job{executionClauses})");
        }
        // A cell's majority among its answered repeats; own-persona cells of every region compare with each other.
        var majorities = $"""
            SELECT e.question_id, e.model_id, e.region, CASE WHEN e.persona = e.region THEN '' ELSE e.persona END AS persona,
                   mode() WITHIN GROUP (ORDER BY {ClassRank}) AS top
            FROM executions AS e
            WHERE e.job_id = @job AND e.status = {ExecutionStatusSql.Succeeded} AND {Class} IS NOT NULL{ColumnClauses(filter)}
            GROUP BY 1, 2, 3, 4
            """;
        if (filter.RegionsDisagree)
        {
            clauses.Add("q.id IN (SELECT question_id FROM majorities GROUP BY question_id, model_id, persona HAVING count(DISTINCT top) > 1)");
        }
        if (filter.ModelsDisagree)
        {
            clauses.Add("q.id IN (SELECT question_id FROM majorities GROUP BY question_id, region, persona HAVING count(DISTINCT top) > 1)");
        }
        var with = filter.RegionsDisagree || filter.ModelsDisagree ? $"WITH majorities AS MATERIALIZED ({majorities})\n" : "";
        await using var cmd = dataSource.CreateCommand(
            $"""
            {with}SELECT q.id FROM unnest(@ids) WITH ORDINALITY AS q(id, ord)
            WHERE {string.Join("\n  AND ", clauses)}
            ORDER BY q.ord
            """);
        cmd.Parameters.AddWithValue("job", job.Id);
        cmd.Parameters.Add(new NpgsqlParameter<string[]>("ids", ordered.Select(q => q.Id).ToArray()));
        AddFilterParameters(cmd, filter);
        var keep = new HashSet<string>(StringComparer.Ordinal);
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                keep.Add(reader.GetString(0));
            }
        }
        return ordered.Where(q => keep.Contains(q.Id)).ToList();
    }

    /// <summary>One page of a cell's repeats with their full answers, by repeat (a cell may have hundreds of repeats).</summary>
    public async Task<Page<MatrixAnswer>> AnswersAsync(
        Guid jobId, string questionId, MatrixColumn column, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(column);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        page = Math.Max(1, page);
        await using var cmd = dataSource.CreateCommand(
            """
            SELECT e.id, e.repeat_index, e.status, e.attempt_count, e.response_text, e.classification, e.override_class, e.error_code, e.error_message,
                   count(*) OVER ()::int
            FROM executions AS e
            WHERE e.job_id = @job AND e.question_id = @question AND e.model_id = @model AND e.region = @region AND e.persona = @persona
            ORDER BY e.repeat_index
            OFFSET @skip LIMIT @take
            """);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("question", questionId);
        cmd.Parameters.AddWithValue("model", column.Model);
        cmd.Parameters.AddWithValue("region", column.Region);
        cmd.Parameters.AddWithValue("persona", column.Persona);
        cmd.Parameters.AddWithValue("skip", (page - 1) * pageSize);
        cmd.Parameters.AddWithValue("take", pageSize);
        var answers = new List<MatrixAnswer>();
        var total = 0;
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                answers.Add(new MatrixAnswer(
                    reader.GetInt64(0), reader.GetInt32(1), Enum.Parse<ExecutionStatus>(reader.GetString(2)), reader.GetInt32(3),
                    reader.IsDBNull(4) ? null : reader.GetString(4),
                    reader.IsDBNull(5) ? null : reader.GetString(5),
                    reader.IsDBNull(6) ? null : reader.GetString(6),
                    reader.IsDBNull(7) ? null : reader.GetString(7),
                    reader.IsDBNull(8) ? null : reader.GetString(8)));
                total = reader.GetInt32(9);
            }
        }
        if (answers.Count == 0 && page > 1)
        {
            // Past the end (fewer repeats than before): the last page.
            return await AnswersAsync(jobId, questionId, column, 1, pageSize, cancellationToken);
        }
        return new Page<MatrixAnswer>(answers, total, page, pageSize);
    }

    /// <summary>
    /// The job's header figures from one aggregate (status counts, retryable cells, remaining-time sums, cost per lane),
    /// plus the cells unfinished right now, which <see cref="JobTotals.Apply"/> needs to adjust the figures by the
    /// rows carried by live notifications. Both read in one snapshot (REPEATABLE READ), so they agree.
    /// </summary>
    public async Task<JobTotals> TotalsAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(System.Data.IsolationLevel.RepeatableRead, cancellationToken);
        // A cell's duration as the remaining-time estimate counts it (JobTotals.Timing): wall clock, else inference time.
        const string seconds =
            $"CASE WHEN e.status IN {ExecutionStatusSql.Classified} THEN COALESCE(EXTRACT(EPOCH FROM e.completed_at - e.started_at)::float8, e.inference_seconds) END";
        await using var cmd = new NpgsqlCommand(
            $"""
            SELECT e.model_id, e.region, e.status, e.emulated, count(*)::int,
                   count(*) FILTER (WHERE e.status = {ExecutionStatusSql.Failed} AND e.attempt_count < @max)::int,
                   count(*) FILTER (WHERE {seconds} >= 0)::int, COALESCE(sum({seconds}) FILTER (WHERE {seconds} >= 0), 0),
                   count(e.billed_seconds)::int, COALESCE(sum(e.billed_seconds), 0),
                   COALESCE(sum(COALESCE(e.cost_usd, 0)) FILTER (WHERE e.billed_seconds IS NOT NULL), 0)
            FROM executions AS e WHERE e.job_id = @job
            GROUP BY 1, 2, 3, 4
            """, connection, transaction);
        cmd.Parameters.AddWithValue("job", jobId);
        cmd.Parameters.AddWithValue("max", JobStateRules.MaxAttemptsPerCell);
        var counts = StatusCounts.Empty;
        var retryable = 0;
        var timing = new RemainingTimeTally();
        var cost = new CostTally();
        await using (var reader = await cmd.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (model, region, status, emulated, n) = (reader.GetString(0), reader.GetString(1), Enum.Parse<ExecutionStatus>(reader.GetString(2)), reader.GetBoolean(3), reader.GetInt32(4));
                counts = counts.Plus(status, n);
                retryable += reader.GetInt32(5);
                timing.AddSums(region, JobStateRules.IsTerminal(status) ? 0 : n, reader.GetInt32(6), reader.GetDouble(7));
                if (reader.GetInt32(8) is > 0 and var billed)
                {
                    cost.AddSums(model, region, billed, emulated ? billed : 0, reader.GetDouble(9), reader.GetDecimal(10));
                }
            }
        }

        await using var open = new NpgsqlCommand(
            $"SELECT e.id, e.status, e.attempt_count, e.emulated, e.billed_seconds, e.cost_usd FROM executions AS e WHERE e.job_id = @job AND e.status IN {ExecutionStatusSql.Unfinished}",
            connection, transaction);
        open.Parameters.AddWithValue("job", jobId);
        var unfinished = new Dictionary<long, int>(Math.Max(0, counts.Pending + counts.Running));
        var paidBefore = new Dictionary<long, (double, decimal)>();
        await using (var reader = await open.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                unfinished[id] = JobTotals.Pack(Enum.Parse<ExecutionStatus>(reader.GetString(1)), reader.GetInt32(2), reader.GetBoolean(3));
                if (!reader.IsDBNull(4))
                {
                    paidBefore[id] = (reader.GetDouble(4), reader.IsDBNull(5) ? 0m : reader.GetDecimal(5));
                }
            }
        }
        await transaction.CommitAsync(cancellationToken);
        return new JobTotals(counts, retryable, timing, cost, unfinished, paidBefore);
    }

    private async Task<IReadOnlyDictionary<(string, MatrixColumn), MatrixCell>> CellsAsync(
        Guid jobId, MatrixFilter filter, string[] questionIds, IReadOnlyList<MatrixColumn> columns, CancellationToken cancellationToken)
    {
        var cells = new Dictionary<(string, MatrixColumn), MatrixCell>();
        if (questionIds.Length == 0 || columns.Count == 0)
        {
            return cells;
        }
        var matches = filter.Class is null && filter.Search is null ? "0" : $"count(*) FILTER (WHERE true{ExecutionClauses(filter)})::int";
        await using var batch = dataSource.CreateBatch();
        var counts = new NpgsqlBatchCommand(
            $"""
            SELECT e.question_id, e.model_id, e.region, e.persona, e.status, {Class}, count(*)::int, min(e.id), {matches}, max(e.error_code)
            FROM executions AS e
            WHERE e.job_id = @job AND e.question_id = ANY(@ids){ColumnClauses(filter)}
            GROUP BY 1, 2, 3, 4, 5, 6
            """);
        // One answer per cell and class: its first non-empty line, from the earliest repeat.
        var lines = new NpgsqlBatchCommand(
            $"""
            SELECT DISTINCT ON (e.question_id, e.model_id, e.region, e.persona, {Class})
                   e.question_id, e.model_id, e.region, e.persona, {Class}, e.id,
                   left(substring(ltrim(e.response_text, E' \t\r\n') FROM '^[^\r\n]*'), {FirstLineLength})
            FROM executions AS e
            WHERE e.job_id = @job AND e.question_id = ANY(@ids){ColumnClauses(filter)} AND e.response_text <> ''
            ORDER BY e.question_id, e.model_id, e.region, e.persona, {Class}, e.repeat_index
            """);
        foreach (var command in new[] { counts, lines })
        {
            command.Parameters.AddWithValue("job", jobId);
            command.Parameters.Add(new NpgsqlParameter<string[]>("ids", questionIds));
            AddFilterParameters(command, filter);
            batch.BatchCommands.Add(command);
        }
        var byKey = columns.ToDictionary(c => (c.Model, c.Region, c.Persona));
        var sums = new Dictionary<(string, MatrixColumn), CellSums>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (!byKey.TryGetValue((reader.GetString(1), reader.GetString(2), reader.GetString(3)), out var column))
            {
                continue;
            }
            var key = (reader.GetString(0), column);
            if (!sums.TryGetValue(key, out var s))
            {
                sums[key] = s = new CellSums();
            }
            var n = reader.GetInt32(6);
            s.Counts = s.Counts.Plus(Enum.Parse<ExecutionStatus>(reader.GetString(4)), n);
            if (!reader.IsDBNull(5) && Enum.TryParse<ResponseClass>(reader.GetString(5), out var c))
            {
                s.Classes[c] = s.Classes.GetValueOrDefault(c) + n;
            }
            s.FirstId = Math.Min(s.FirstId, reader.GetInt64(7));
            s.Matches += reader.GetInt32(8);
            s.Error ??= reader.IsDBNull(9) ? null : reader.GetString(9);
        }
        await reader.NextResultAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            if (byKey.TryGetValue((reader.GetString(1), reader.GetString(2), reader.GetString(3)), out var column)
                && sums.TryGetValue((reader.GetString(0), column), out var s))
            {
                var c = reader.IsDBNull(4) ? "" : reader.GetString(4);
                s.Lines[c] = (reader.GetInt64(5), reader.IsDBNull(6) ? "" : reader.GetString(6));
            }
        }
        foreach (var (key, s) in sums)
        {
            var cell = new MatrixCell(key.Item1, key.Item2, s.Counts, s.Classes, null, s.FirstId, s.Matches);
            // The line shown is an answer of the cell's majority class (else any answer; else the error of a failed call).
            var line = cell.Majority is { } m && s.Lines.TryGetValue(m.Class.ToString(), out var l) ? l
                : s.Lines.Count > 0 ? s.Lines.Values.OrderBy(v => v.Id).First()
                : ((long Id, string Text)?)null;
            cells[key] = cell with
            {
                FirstLine = line?.Text ?? (s.Error is { } error ? $"error: {error}" : null),
                FirstId = line?.Id ?? s.FirstId,
            };
        }
        return cells;
    }

    private static bool Shown(MatrixColumn column, MatrixFilter filter) =>
        (filter.Model is null || column.Model == filter.Model) && (filter.Region is null || column.Region == filter.Region);

    private static string ColumnClauses(MatrixFilter filter) =>
        (filter.Model is null ? "" : " AND e.model_id = @model") + (filter.Region is null ? "" : " AND e.region = @region");

    /// <summary>The executions the class and search filters keep (within the filter's columns).</summary>
    private static string ExecutionClauses(MatrixFilter filter) =>
        ColumnClauses(filter)
        + (filter.Class is null ? "" : $" AND {Class} = @class")
        // ILIKE '%term%' is served by the trigram index for terms of three characters or more (any script).
        + (filter.Search is null ? "" : " AND e.response_text ILIKE @pattern");

    private static void AddFilterParameters(NpgsqlBatchCommand cmd, MatrixFilter filter) => AddFilterParameters(cmd.Parameters, filter);

    private static void AddFilterParameters(NpgsqlCommand cmd, MatrixFilter filter) => AddFilterParameters(cmd.Parameters, filter);

    private static void AddFilterParameters(NpgsqlParameterCollection parameters, MatrixFilter filter)
    {
        if (filter.Model is not null)
        {
            parameters.AddWithValue("model", filter.Model);
        }
        if (filter.Region is not null)
        {
            parameters.AddWithValue("region", filter.Region);
        }
        if (filter.Class is not null)
        {
            parameters.AddWithValue("class", filter.Class);
        }
        if (filter.Search is not null)
        {
            parameters.AddWithValue("pattern", "%" + Escape(filter.Search) + "%");
        }
    }

    /// <summary>The search text taken literally by LIKE (its wildcards and escape character escaped).</summary>
    internal static string Escape(string text) => text.Replace(@"\", @"\\", StringComparison.Ordinal)
        .Replace("%", @"\%", StringComparison.Ordinal).Replace("_", @"\_", StringComparison.Ordinal);

    private sealed class CellSums
    {
        public StatusCounts Counts { get; set; } = StatusCounts.Empty;
        public Dictionary<ResponseClass, int> Classes { get; } = [];
        public Dictionary<string, (long Id, string Text)> Lines { get; } = new(StringComparer.Ordinal);
        public long FirstId { get; set; } = long.MaxValue;
        public int Matches { get; set; }
        public string? Error { get; set; }
    }
}
