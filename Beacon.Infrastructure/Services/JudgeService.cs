using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Judge;
using Beacon.Infrastructure.Options;
using Hangfire;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Infrastructure.Services;

/// <summary>The optional LLM judge: whether one is configured, queueing a job's judging, and its agreement with the classifier.</summary>
public sealed class JudgeService(
    NpgsqlDataSource dataSource,
    IBackgroundJobClient backgroundJobs,
    IOptions<JudgeOptions> options,
    ILogger<JudgeService> logger)
{
    public const string NotConfigured = "No LLM judge is configured: an administrator sets Beacon:Judge:BaseUrl and Beacon:Judge:Model.";

    public bool IsConfigured => options.Value.IsConfigured;

    public string? Model => IsConfigured ? options.Value.Model!.Trim() : null;

    /// <summary>Queues judging of a finished job (in the background; answers already judged by this judge and rubric are skipped).</summary>
    public async Task<JobActionResult> EnqueueAsync(Guid jobId, CancellationToken cancellationToken)
    {
        if (!IsConfigured)
        {
            return new JobActionResult(JobActionOutcome.NotAllowed, 0, NotConfigured);
        }
        await using var read = dataSource.CreateCommand("SELECT status FROM jobs WHERE id = @job");
        read.Parameters.AddWithValue("job", jobId);
        if (await read.ExecuteScalarAsync(cancellationToken) is not string status)
        {
            return new JobActionResult(JobActionOutcome.NotFound, 0, "No such job.");
        }
        if (!JobStateRules.IsTerminal(Enum.Parse<JobStatus>(status)))
        {
            return new JobActionResult(JobActionOutcome.NotAllowed, 0, $"The job is {status.ToLowerInvariant()}; it is judged once it has finished.");
        }
        Enqueue(jobId);
        return new JobActionResult(JobActionOutcome.Done, 0, $"The LLM judge ({Model}, {JudgeRubric.Version}) classifies the answers in the background.");
    }

    /// <summary>Queues judging without checks: for a job that has just finished and asked for the judge at submission.</summary>
    public void Enqueue(Guid jobId)
    {
        backgroundJobs.Enqueue<JudgeJob>(job => job.RunAsync(jobId, CancellationToken.None));
        logger.LogInformation("Job {JobId}: LLM judge queued", jobId);
    }

    /// <summary>The agreement of the latest judge verdicts with the built-in classifier's classes; null for an unknown job.</summary>
    public async Task<JudgeAgreement?> AgreementAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        bool requested;
        await using (var job = new NpgsqlCommand("SELECT judge FROM jobs WHERE id = @job", connection))
        {
            job.Parameters.AddWithValue("job", jobId);
            if (await job.ExecuteScalarAsync(cancellationToken) is not bool judge)
            {
                return null;
            }
            requested = judge;
        }

        var pairs = new List<(ResponseClass, ResponseClass)>();
        var judges = new SortedSet<string>(StringComparer.Ordinal);
        var versions = new SortedSet<string>(StringComparer.Ordinal);
        int answered = 0, failures = 0;
        await using (var select = new NpgsqlCommand(
            """
            WITH verdicts AS (
                SELECT DISTINCT ON (c.execution_id) c.execution_id, c.class, c.judge_model, c.version
                FROM execution_classifications c
                WHERE c.job_id = @job AND c.source = 'Judge'
                -- The latest successful verdict wins; an execution with only failures keeps its latest failure.
                ORDER BY c.execution_id, (c.class IS NOT NULL) DESC, c.id DESC)
            SELECT e.classification, e.classifier_version, v.class, v.judge_model, v.version
            FROM executions e LEFT JOIN verdicts v ON v.execution_id = e.id
            WHERE e.job_id = @job AND e.status = 'Succeeded' AND e.response_text <> ''
            """, connection))
        {
            select.Parameters.AddWithValue("job", jobId);
            await using var reader = await select.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                answered++;
                if (reader.IsDBNull(3))
                {
                    continue;
                }
                var judged = EffectiveClass.Parse(reader.IsDBNull(2) ? null : reader.GetString(2));
                var builtIn = EffectiveClass.Parse(reader.IsDBNull(0) ? null : reader.GetString(0));
                if (judged is null || builtIn is null)
                {
                    failures += judged is null ? 1 : 0;
                    continue;
                }
                pairs.Add((builtIn.Value, judged.Value));
                judges.Add($"{reader.GetString(3)} ({reader.GetString(4)})");
                if (!reader.IsDBNull(1))
                {
                    versions.Add(reader.GetString(1));
                }
            }
        }

        decimal? cost;
        await using (var sum = new NpgsqlCommand("SELECT sum(cost_usd) FROM execution_classifications WHERE job_id = @job AND source = 'Judge'", connection))
        {
            sum.Parameters.AddWithValue("job", jobId);
            cost = await sum.ExecuteScalarAsync(cancellationToken) is decimal d ? d : null;
        }

        return new JudgeAgreement(jobId, IsConfigured, Model, requested, answered, pairs.Count, failures, answered - pairs.Count - failures,
            judges.ToList(), versions.ToList(), cost, ClassAgreement.From(pairs));
    }
}
