using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// A job's statistics, computed from its executions (overrides win over the classifier) with the Core functions.
/// Executions are streamed: only counts and one answer per cell are held, not every response text.
/// </summary>
public sealed class JobStatisticsService(IDbContextFactory<BeaconDbContext> dbFactory, ReviewService review)
{
    public Task<JobStatistics?> ComputeAsync(Guid jobId, CancellationToken cancellationToken) =>
        ComputeAsync(jobId, verifiedOnly: false, cancellationToken);

    /// <param name="verifiedOnly">Use only executions whose placement was verified (the summary says how many were left out).</param>
    public async Task<JobStatistics?> ComputeAsync(Guid jobId, bool verifiedOnly, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        // Rates and paired tests use a reviewer's label where one exists (a researcher's override still wins): it is the
        // better measurement of that answer, and the summary says how many answers it concerns.
        var human = await review.HumanClassesAsync(jobId, cancellationToken);
        var humanUsed = 0;
        var questions = job.Questions.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)).ToList();
        var builder = new JobStatisticsBuilder(questions, job.Models, job.Regions, job.Repeats, personas: job.Personas, verifiedOnly: verifiedOnly);
        var rows = db.Executions.AsNoTracking().Where(e => e.JobId == jobId)
            .Select(e => new { e.Id, e.QuestionId, e.ModelId, e.Region, e.Persona, e.RepeatIndex, e.Status, e.Classification, e.OverrideClass, e.ResponseText, e.ClassifierVersion, e.PlacementVerdict })
            .AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            var finished = e.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed;
            var @class = EffectiveClass.Resolve(finished, e.Classification, e.OverrideClass);
            if (finished && e.OverrideClass is null && human.TryGetValue(e.Id, out var labelled))
            {
                humanUsed += labelled == @class ? 0 : 1;
                @class = labelled;
            }
            builder.Add(new ExecutionObservation(
                e.Id, e.QuestionId, e.ModelId, e.Region, e.RepeatIndex,
                @class,
                finished && e.OverrideClass is not null,
                e.ResponseText,
                e.ClassifierVersion,
                e.PlacementVerdict,
                e.Persona));
        }
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
}
