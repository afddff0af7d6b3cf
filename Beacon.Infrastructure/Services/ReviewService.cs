using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Core.Review;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Human review of a job's classes: planning and drawing a stratified sample, the reviewer's queue, labels, agreement,
/// corrected refusal rates and the labels as JSONL. The current sample of a job is its latest.
/// </summary>
public sealed class ReviewService(IDbContextFactory<BeaconDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNoteLength = 2000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public async Task<ReviewPlan?> PlanAsync(Guid jobId, SampleSize size, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(jobId, cancellationToken);
        return candidates is null ? null : ReviewSampler.Plan(candidates, size);
    }

    /// <summary>Draws a new sample (it becomes the job's current one). Null when the job does not exist.</summary>
    public async Task<ReviewSampleSummary?> CreateSampleAsync(Guid jobId, SampleSize size, int? seed, string createdBy, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(jobId, cancellationToken);
        if (candidates is null)
        {
            return null;
        }
        var actualSeed = seed ?? Random.Shared.Next();
        var (strata, drawn) = ReviewSampler.Draw(candidates, size, actualSeed);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = new ReviewSample
        {
            Id = Guid.CreateVersion7(),
            JobId = jobId,
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
            PerStratum = size.PerStratum,
            Share = size.PerStratum is null ? size.Share : null,
            Seed = actualSeed,
            ClassifierVersion = ResponseClassifier.Version,
            Strata = JsonSerializer.Serialize(strata, Json),
        };
        db.ReviewSamples.Add(sample);
        db.ReviewItems.AddRange(drawn.Select((d, i) => new ReviewItem
        {
            SampleId = sample.Id,
            ExecutionId = d.ExecutionId,
            Position = i,
            PredictedClass = d.PredictedClass.ToString(),
            Language = d.Language,
            ModelId = d.Model,
            Region = d.Region,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return new ReviewSampleSummary(sample.Id, sample.CreatedAt, sample.CreatedBy, sample.PerStratum, sample.Share, sample.Seed, drawn.Count, strata.Count);
    }

    /// <summary>The current sample as one reviewer sees it: every item with the reviewer's own label. Null without a sample.</summary>
    public async Task<ReviewQueue?> QueueAsync(Guid jobId, string reviewerId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        if (sample is null)
        {
            return null;
        }
        var job = await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == jobId, cancellationToken);
        var questions = job.Questions.GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var rows = await (from i in db.ReviewItems.AsNoTracking()
                          join e in db.Executions.AsNoTracking() on i.ExecutionId equals e.Id
                          where i.SampleId == sample.Id
                          orderby i.Position
                          select new { i.Id, i.Position, i.ExecutionId, e.QuestionId, e.ResponseText, i.ModelId, i.Region, i.Language, i.PredictedClass })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var mine = await db.ReviewLabels.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.ReviewerId == reviewerId)
            .ToDictionaryAsync(l => l.ItemId, cancellationToken);
        var items = rows.Select(r => new ReviewQueueItem(
            r.Id, r.Position, r.ExecutionId, r.QuestionId, questions.GetValueOrDefault(r.QuestionId, r.QuestionId), r.ResponseText ?? "",
            r.ModelId, r.Region, r.Language, r.PredictedClass,
            mine.TryGetValue(r.Id, out var label) ? new ReviewerLabel(label.Class, label.Skipped, label.Note, label.LabelledAt) : null)).ToList();
        return new ReviewQueue(jobId, job.Name, sample.Id, sample.CreatedAt, items);
    }

    /// <summary>Stores (or replaces) the reviewer's label of one item of the job's current sample. False when there is no such item.</summary>
    public async Task<bool> LabelAsync(Guid jobId, long itemId, string reviewerId, string reviewerName, ResponseClass? @class, bool skipped, string? note,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var belongs = await (from i in db.ReviewItems
                             join s in db.ReviewSamples on i.SampleId equals s.Id
                             where i.Id == itemId && s.JobId == jobId
                             select i.Id).AnyAsync(cancellationToken);
        if (!belongs)
        {
            return false;
        }
        var label = await db.ReviewLabels.FirstOrDefaultAsync(l => l.ItemId == itemId && l.ReviewerId == reviewerId, cancellationToken);
        if (label is null)
        {
            label = new ReviewLabel { ItemId = itemId, ReviewerId = reviewerId };
            db.ReviewLabels.Add(label);
        }
        label.ReviewerName = reviewerName;
        label.Class = skipped ? null : @class?.ToString();
        label.Skipped = skipped || @class is null;
        label.Note = string.IsNullOrWhiteSpace(note) ? null : note.Trim();
        label.LabelledAt = time.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>The current sample's strata and items with every reviewer's labels. Null without a sample.</summary>
    public async Task<(IReadOnlyList<ReviewStratum> Strata, IReadOnlyList<ReviewedItem> Items)?> ReviewedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        if (sample is null)
        {
            return null;
        }
        var strata = JsonSerializer.Deserialize<List<ReviewStratum>>(sample.Strata, Json) ?? [];
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.SampleId == sample.Id).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.Id).ToList();
        var labels = (await db.ReviewLabels.AsNoTracking().Where(l => ids.Contains(l.ItemId)).ToListAsync(cancellationToken)).ToLookup(l => l.ItemId);
        var reviewed = items.Select(i =>
        {
            var predicted = EffectiveClass.Parse(i.PredictedClass) ?? ResponseClass.Substantive;
            return new ReviewedItem(i.Id, new ReviewStratumKey(predicted, i.Language, i.ModelId, i.Region), predicted,
                labels[i.Id].Select(l => new HumanLabel(i.Id, l.ReviewerName, EffectiveClass.Parse(l.Class), l.Skipped, l.LabelledAt)).ToList());
        }).ToList();
        return (strata, reviewed);
    }

    /// <summary>The reviewers' consensus class of every labelled execution in the job's current sample.</summary>
    public async Task<IReadOnlyDictionary<long, ResponseClass>> HumanClassesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        if (sample is null)
        {
            return new Dictionary<long, ResponseClass>();
        }
        var rows = await (from l in db.ReviewLabels.AsNoTracking()
                          join i in db.ReviewItems.AsNoTracking() on l.ItemId equals i.Id
                          where i.SampleId == sample.Id && !l.Skipped && l.Class != null
                          select new { i.Id, i.ExecutionId, l.ReviewerName, l.Class, l.LabelledAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ExecutionId)
            .Select(g => (Execution: g.Key, Class: HumanConsensus.Of(g.Select(r => new HumanLabel(r.Id, r.ReviewerName, EffectiveClass.Parse(r.Class), false, r.LabelledAt)))))
            .Where(x => x.Class is not null)
            .ToDictionary(x => x.Execution, x => x.Class!.Value);
    }

    public async Task<IReadOnlyList<CorrectedRefusalRate>?> CorrectedAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ReviewedAsync(jobId, cancellationToken) is { } r ? CorrectedRates.Compute(r.Strata, r.Items) : null;

    public async Task<IReadOnlyList<RaterAgreement>?> AgreementAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ReviewedAsync(jobId, cancellationToken) is { } r ? ReviewAgreement.Compute(r.Items) : null;

    /// <summary>Every human label of the job's samples as JSONL (one label per line). False when the job does not exist.</summary>
    public async Task<bool> ExportLabelsAsync(Guid jobId, Stream output, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return false;
        }
        var questions = job.Questions.GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal);
        var rows = (from l in db.ReviewLabels.AsNoTracking()
                    join i in db.ReviewItems.AsNoTracking() on l.ItemId equals i.Id
                    join s in db.ReviewSamples.AsNoTracking() on i.SampleId equals s.Id
                    join e in db.Executions.AsNoTracking() on i.ExecutionId equals e.Id
                    where s.JobId == jobId
                    orderby l.LabelledAt
                    select new { e.Id, e.QuestionId, e.ResponseText, i.ModelId, i.Region, i.Language, e.Classification, e.ClassifierVersion, l.Class, l.Skipped, l.Note, l.ReviewerName, l.LabelledAt })
            .AsAsyncEnumerable();
        await using var writer = new StreamWriter(output, leaveOpen: true);
        await foreach (var r in rows.WithCancellation(cancellationToken))
        {
            var line = new HumanLabelRecord(jobId, r.Id, r.QuestionId, questions.GetValueOrDefault(r.QuestionId, r.QuestionId), r.ResponseText ?? "",
                r.ModelId, r.Region, r.Language, r.Classification, r.ClassifierVersion, r.Class, r.Skipped, r.Note, r.ReviewerName, r.LabelledAt);
            await writer.WriteLineAsync(JsonSerializer.Serialize(line, Json).AsMemory(), cancellationToken);
        }
        await writer.FlushAsync(cancellationToken);
        return true;
    }

    private static Task<ReviewSample?> CurrentSampleAsync(BeaconDbContext db, Guid jobId, CancellationToken cancellationToken) =>
        db.ReviewSamples.AsNoTracking().Where(s => s.JobId == jobId).OrderByDescending(s => s.CreatedAt).FirstOrDefaultAsync(cancellationToken);

    private async Task<List<ReviewCandidate>?> CandidatesAsync(Guid jobId, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var job = await db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken);
        if (job is null)
        {
            return null;
        }
        var languages = job.Questions.GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Language, StringComparer.Ordinal);
        var rows = await db.Executions.AsNoTracking()
            .Where(e => e.JobId == jobId && e.Status == ExecutionStatus.Succeeded && e.Classification != null)
            .Select(e => new { e.Id, e.QuestionId, e.ModelId, e.Region, e.Classification, e.ResponseText })
            .ToListAsync(cancellationToken);
        return rows
            .Select(e => (e, Class: EffectiveClass.Parse(e.Classification)))
            .Where(x => x.Class is not null and not ResponseClass.TechnicalFailure)
            .Select(x => new ReviewCandidate(x.e.Id, x.e.QuestionId, x.Class!.Value,
                AnswerLanguage.Detect(x.e.ResponseText, languages.GetValueOrDefault(x.e.QuestionId, "en")), x.e.ModelId, x.e.Region))
            .ToList();
    }
}
