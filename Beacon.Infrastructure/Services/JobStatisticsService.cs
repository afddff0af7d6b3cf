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
public sealed class JobStatisticsService(IDbContextFactory<BeaconDbContext> dbFactory)
{
    public async Task<JobStatistics?> ComputeAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }

        var questions = job.Questions.Select(q => new Question(q.Id, q.Category, q.Text, q.Language, q.VariantGroup)).ToList();
        var builder = new JobStatisticsBuilder(questions, job.Models, job.Regions, job.Repeats, personas: job.Personas);
        var rows = db.Executions.AsNoTracking().Where(e => e.JobId == jobId)
            .Select(e => new { e.Id, e.QuestionId, e.ModelId, e.Region, e.Persona, e.RepeatIndex, e.Status, e.Classification, e.OverrideClass, e.ResponseText, e.ClassifierVersion })
            .AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            var finished = e.Status is ExecutionStatus.Succeeded or ExecutionStatus.Failed;
            builder.Add(new ExecutionObservation(
                e.Id, e.QuestionId, e.ModelId, e.Region, e.RepeatIndex,
                EffectiveClass.Resolve(finished, e.Classification, e.OverrideClass),
                finished && e.OverrideClass is not null,
                e.ResponseText,
                e.ClassifierVersion,
                e.Persona));
        }
        return builder.Build(JobStateRules.IsTerminal(job.Status));
    }
}
