using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Data;
using Beacon.Core.Placement;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// A job's statistics, computed from its executions (overrides win over the classifier) with the Core functions.
/// PostgreSQL aggregates the executions (counts per cell, persona and class, with the repeats of each group for the
/// factor tests); only one answer text per cell is read, for the similarity measures and keyword counts (decision 0017).
/// Nothing held grows with the answers' text, and the rows read grow with cells x classes, not with executions.
/// </summary>
public sealed class JobStatisticsService(IDbContextFactory<BeaconDbContext> dbFactory, NpgsqlDataSource dataSource, ReviewService review)
{
    // Executions alike in everything the statistics use, per cell and persona; the first of each group by repeat (then id)
    // is the cell's candidate answer, and the group's repeats feed the factor tests. Human-labelled executions are read
    // one by one (their class comes from the review), so they are left out here.
    private const string GroupsSql = $"""
        SELECT question_id, model_id, region, persona, status IN {ExecutionStatusSql.Classified}, classification, override_class,
               classifier_version, placement_verdict, count(*)::int, (array_agg(id ORDER BY repeat_index, id))[1],
               min(repeat_index), array_agg(repeat_index)
        FROM executions
        WHERE job_id = $1 AND NOT (id = ANY($2)) AND (cardinality($3) = 0 OR question_id = ANY($3))
        GROUP BY 1, 2, 3, 4, 5, 6, 7, 8, 9
        ORDER BY 11
        """;

    private const string LabelledSql = $"""
        SELECT id, question_id, model_id, region, persona, status IN {ExecutionStatusSql.Classified}, classification, override_class,
               classifier_version, placement_verdict, repeat_index, response_text
        FROM executions
        WHERE job_id = $1 AND id = ANY($2) AND (cardinality($3) = 0 OR question_id = ANY($3))
        ORDER BY id
        """;

    private const string ResponsesSql = "SELECT id, response_text FROM executions WHERE job_id = $1 AND id = ANY($2)";

    public Task<JobStatistics?> ComputeAsync(Guid jobId, CancellationToken cancellationToken) =>
        ComputeAsync(jobId, verifiedOnly: false, cancellationToken);

    /// <param name="verifiedOnly">Use only executions whose placement was verified (the summary says how many were left out).</param>
    public async Task<JobStatistics?> ComputeAsync(Guid jobId, bool verifiedOnly, CancellationToken cancellationToken)
    {
        var job = await JobAsync(jobId, cancellationToken);
        return job is null ? null : await ComputeAsync(job, verifiedOnly, job.Questions, cancellationToken);
    }

    public const int MaxDetailPageSize = 500;

    /// <summary>
    /// The per-cell detail for one page of the job's questions (1-based <paramref name="page"/>), computed from that page's
    /// executions only, so reading it costs the same at any size of job. Null when the job does not exist.
    /// </summary>
    public async Task<StatisticsDetailPage?> DetailAsync(Guid jobId, bool verifiedOnly, int page, int pageSize, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(page, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(pageSize, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pageSize, MaxDetailPageSize);
        var job = await JobAsync(jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }
        var questions = job.Questions.Skip((int)Math.Min(int.MaxValue, (long)(page - 1) * pageSize)).Take(pageSize).ToList();
        var statistics = questions.Count == 0 ? null : await ComputeAsync(job, verifiedOnly, questions, cancellationToken);
        return new StatisticsDetailPage(page, pageSize, job.Questions.Count,
            statistics?.Cells ?? [], statistics?.RegionSimilarities ?? [], statistics?.ModelComparisons ?? []);
    }

    private async Task<Job?> JobAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
    }

    private async Task<JobStatistics> ComputeAsync(Job job, bool verifiedOnly, IReadOnlyList<JobQuestion> jobQuestions, CancellationToken cancellationToken)
    {
        var jobId = job.Id;
        string[] onlyQuestions = jobQuestions.Count == job.Questions.Count ? [] : jobQuestions.Select(q => q.Id).ToArray();

        // Rates and paired tests use a reviewer's label where one exists (a researcher's override still wins): it is the
        // better measurement of that answer, and the summary says how many answers it concerns.
        var human = await review.HumanClassesAsync(jobId, cancellationToken);
        var humanUsed = 0;
        var questions = jobQuestions.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)).ToList();
        var builder = new JobStatisticsBuilder(questions, job.Models, job.Regions, job.Repeats, personas: job.Personas, verifiedOnly: verifiedOnly);
        var labelledIds = human.Keys.ToArray();
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);

        await using (var command = new NpgsqlCommand(GroupsSql, connection) { Parameters = { new() { Value = jobId }, new() { Value = labelledIds }, new() { Value = onlyQuestions } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                var (questionId, model, region, persona) = (reader.GetString(0), reader.GetString(1), reader.GetString(2), Nullable(reader, 3));
                var finished = reader.GetBoolean(4);
                var overrideClass = Nullable(reader, 6);
                var @class = EffectiveClass.Resolve(finished, Nullable(reader, 5), overrideClass);
                builder.AddFactorObservations(questionId, model, region, persona, reader.GetFieldValue<int[]>(12), Refused(@class));
                builder.AddAlike(new ExecutionObservation(
                    reader.GetInt64(10), questionId, model, region, reader.GetInt32(11), @class,
                    finished && overrideClass is not null, Response: null, Nullable(reader, 7), Placement(Nullable(reader, 8)), persona),
                    reader.GetInt32(9));
            }
        }

        if (labelledIds.Length > 0)
        {
            await using var command = new NpgsqlCommand(LabelledSql, connection)
            {
                Parameters = { new() { Value = jobId }, new() { Value = labelledIds }, new() { Value = onlyQuestions } },
            };
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetInt64(0);
                var finished = reader.GetBoolean(5);
                var overrideClass = Nullable(reader, 7);
                var @class = EffectiveClass.Resolve(finished, Nullable(reader, 6), overrideClass);
                if (finished && overrideClass is null && human.TryGetValue(id, out var labelled))
                {
                    humanUsed += labelled == @class ? 0 : 1;
                    @class = labelled;
                }
                builder.Add(new ExecutionObservation(
                    id, reader.GetString(1), reader.GetString(2), reader.GetString(3), reader.GetInt32(10), @class,
                    finished && overrideClass is not null, Nullable(reader, 11), Nullable(reader, 8), Placement(Nullable(reader, 9)), Nullable(reader, 4)));
            }
        }

        var representatives = builder.RepresentativeIds().ToArray();
        var responses = new Dictionary<long, string?>(representatives.Length);
        await using (var command = new NpgsqlCommand(ResponsesSql, connection) { Parameters = { new() { Value = jobId }, new() { Value = representatives } } })
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                responses[reader.GetInt64(0)] = Nullable(reader, 1);
            }
        }
        builder.SupplyResponses(responses);

        var statistics = builder.Build(JobStateRules.IsTerminal(job.Status));
        if (human.Count > 0)
        {
            statistics = statistics with
            {
                Summary = [.. statistics.Summary,
                    $"Rates and paired tests use the human review label for the {human.Count} reviewed {(human.Count == 1 ? "answer" : "answers")} " +
                    $"(it differs from the classifier's class for {humanUsed}); a researcher's class override still wins."],
            };
        }
        var corrected = await review.CorrectedAsync(jobId, cancellationToken);
        if (corrected is null || !corrected.Any(c => c.Corrected.Reviewed > 0))
        {
            return statistics;
        }
        return statistics with
        {
            Corrected = corrected,
            Summary = [.. statistics.Summary, .. ReviewService.SummarySentences(corrected)],
        };
    }

    private static bool? Refused(ResponseClass? @class) =>
        @class is null or ResponseClass.TechnicalFailure ? null : @class == ResponseClass.Refusal;

    private static string? Nullable(NpgsqlDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private static PlacementVerdict? Placement(string? verdict) =>
        verdict is null ? null : Enum.Parse<PlacementVerdict>(verdict);
}
