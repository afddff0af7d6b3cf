using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Core.Review;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Human review of classes: planning and drawing a stratified sample over one job or several jobs together, the
/// reviewer's queue, labels, agreement, corrected refusal rates (per job and pooled) and the labels as JSONL. A job's
/// current sample is the latest one drawn from it (alone or with other jobs). Whoever reads a sample sees only the items of
/// the jobs they may see (<see cref="JobAccess"/>): a sample drawn by someone else over their jobs and a shared one shows
/// a sharee only the shared job's part.
/// </summary>
public sealed class ReviewService(IDbContextFactory<BeaconDbContext> dbFactory, TimeProvider time)
{
    public const int MaxNoteLength = 2000;

    /// <summary>At most this many jobs in one sample.</summary>
    public const int MaxJobs = 50;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Of <paramref name="jobIds"/>, those that do not exist or that <paramref name="viewer"/> may not see.</summary>
    public async Task<IReadOnlyList<Guid>> InvisibleJobsAsync(IReadOnlyCollection<Guid> jobIds, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var visible = await JobAccess.Visible(db, viewer).Where(j => jobIds.Contains(j.Id)).Select(j => j.Id).ToListAsync(cancellationToken);
        return jobIds.Except(visible).Distinct().ToList();
    }

    /// <summary>The jobs <paramref name="viewer"/> may review together with others: id, name and creation time, newest first.</summary>
    public async Task<IReadOnlyList<ReviewJob>> ReviewableJobsAsync(Viewer viewer, int limit, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await JobAccess.Visible(db, viewer).AsNoTracking().OrderByDescending(j => j.CreatedAt).Take(limit)
            .Select(j => new ReviewJob(j.Id, j.Name)).ToListAsync(cancellationToken);
    }

    /// <summary>The plan of a sample over these jobs (access already checked). Null when one of them does not exist.</summary>
    public async Task<ReviewPlan?> PlanAsync(IReadOnlyList<Guid> jobIds, SampleSize size, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(jobIds, cancellationToken);
        return candidates is null ? null : ReviewSampler.Plan(candidates, size);
    }

    public Task<ReviewPlan?> PlanAsync(Guid jobId, SampleSize size, CancellationToken cancellationToken) => PlanAsync([jobId], size, cancellationToken);

    /// <summary>
    /// Draws a new sample over these jobs (access already checked; strata within each job); it becomes the current sample of
    /// every one of them. Null when one of them does not exist.
    /// </summary>
    public async Task<ReviewSampleSummary?> CreateSampleAsync(IReadOnlyList<Guid> jobIds, SampleSize size, int? seed, string createdBy, CancellationToken cancellationToken)
    {
        var candidates = await CandidatesAsync(jobIds, cancellationToken);
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
            CreatedBy = createdBy,
            CreatedAt = time.GetUtcNow(),
            PerStratum = size.PerStratum,
            Share = size.PerStratum is null ? size.Share : null,
            Seed = actualSeed,
            ClassifierVersion = ResponseClassifier.Version,
            Strata = JsonSerializer.Serialize(strata, Json),
        };
        db.ReviewSamples.Add(sample);
        db.ReviewSampleJobs.AddRange(jobIds.Distinct().Select(j => new ReviewSampleJob { SampleId = sample.Id, JobId = j }));
        db.ReviewItems.AddRange(drawn.Select((d, i) => new ReviewItem
        {
            SampleId = sample.Id,
            ExecutionId = d.ExecutionId,
            JobId = d.Job,
            Position = i,
            PredictedClass = d.PredictedClass.ToString(),
            Language = d.Language,
            ModelId = d.Model,
            Region = d.Region,
        }));
        await db.SaveChangesAsync(cancellationToken);
        return new ReviewSampleSummary(sample.Id, sample.CreatedAt, sample.CreatedBy, sample.PerStratum, sample.Share, sample.Seed, drawn.Count, strata.Count,
            jobIds.Distinct().ToList());
    }

    public Task<ReviewSampleSummary?> CreateSampleAsync(Guid jobId, SampleSize size, int? seed, string createdBy, CancellationToken cancellationToken) =>
        CreateSampleAsync([jobId], size, seed, createdBy, cancellationToken);

    /// <summary>
    /// The job's current sample as one reviewer sees it: every item of the jobs <paramref name="viewer"/> may see, with the
    /// reviewer's own label. Null without a sample.
    /// </summary>
    public async Task<ReviewQueue?> QueueAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        if (sample is null)
        {
            return null;
        }
        var jobs = await SampleJobsAsync(db, sample.Id, viewer, cancellationToken);
        var scope = jobs.Select(j => j.Id).ToList();
        var questions = jobs.ToDictionary(j => j.Id, j => j.Questions.GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Text, StringComparer.Ordinal));
        var rows = await (from i in db.ReviewItems.AsNoTracking()
                          join e in db.Executions.AsNoTracking() on i.ExecutionId equals e.Id
                          where i.SampleId == sample.Id && scope.Contains(i.JobId)
                          orderby i.Position
                          select new { i.Id, i.Position, i.ExecutionId, i.JobId, e.QuestionId, e.ResponseText, i.ModelId, i.Region, i.Language, i.PredictedClass })
            .ToListAsync(cancellationToken);
        var ids = rows.Select(r => r.Id).ToList();
        var mine = await db.ReviewLabels.AsNoTracking().Where(l => ids.Contains(l.ItemId) && l.ReviewerId == viewer.UserId)
            .ToDictionaryAsync(l => l.ItemId, cancellationToken);
        var items = rows.Select(r => new ReviewQueueItem(
            r.Id, r.Position, r.ExecutionId, r.QuestionId, questions[r.JobId].GetValueOrDefault(r.QuestionId, r.QuestionId), r.ResponseText ?? "",
            r.ModelId, r.Region, r.Language, r.PredictedClass,
            mine.TryGetValue(r.Id, out var label) ? new ReviewerLabel(label.Class, label.Skipped, label.Note, label.LabelledAt) : null)
        {
            JobId = r.JobId,
        }).ToList();
        var name = jobs.FirstOrDefault(j => j.Id == jobId)?.Name ?? "";
        return new ReviewQueue(jobId, name, sample.Id, sample.CreatedAt, items) { Jobs = jobs.Select(j => new ReviewJob(j.Id, j.Name)).ToList() };
    }

    /// <summary>
    /// Stores (or replaces) the reviewer's label of one item of the job's current sample, of a job <paramref name="viewer"/>
    /// may see. False when there is no such item.
    /// </summary>
    public async Task<bool> LabelAsync(Guid jobId, long itemId, Viewer viewer, string reviewerName, ResponseClass? @class, bool skipped, string? note,
        CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        var belongs = sample is not null && await (from i in db.ReviewItems
                                                   where i.Id == itemId && i.SampleId == sample.Id
                                                   && JobAccess.Visible(db, viewer).Any(j => j.Id == i.JobId)
                                                   select i.Id).AnyAsync(cancellationToken);
        if (!belongs)
        {
            return false;
        }
        var label = await db.ReviewLabels.FirstOrDefaultAsync(l => l.ItemId == itemId && l.ReviewerId == viewer.UserId, cancellationToken);
        if (label is null)
        {
            label = new ReviewLabel { ItemId = itemId, ReviewerId = viewer.UserId };
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

    /// <summary>
    /// The job's current sample: the strata and items (with every reviewer's labels) of the jobs in <paramref name="scope"/>
    /// (all of the sample's jobs when null). Null without a sample.
    /// </summary>
    private async Task<(IReadOnlyList<ReviewStratum> Strata, IReadOnlyList<ReviewedItem> Items)?> ReviewedAsync(
        Guid jobId, Func<IReadOnlyList<Guid>, IReadOnlyCollection<Guid>> scopeOf, Viewer? viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var sample = await CurrentSampleAsync(db, jobId, cancellationToken);
        if (sample is null)
        {
            return null;
        }
        var sampleJobs = viewer is null
            ? await db.ReviewSampleJobs.AsNoTracking().Where(j => j.SampleId == sample.Id).Select(j => j.JobId).ToListAsync(cancellationToken)
            : (await SampleJobsAsync(db, sample.Id, viewer, cancellationToken)).Select(j => j.Id).ToList();
        var scope = scopeOf(sampleJobs).ToList();
        var strata = (JsonSerializer.Deserialize<List<ReviewStratum>>(sample.Strata, Json) ?? []).Where(s => scope.Contains(s.Key.Job)).ToList();
        var items = await db.ReviewItems.AsNoTracking().Where(i => i.SampleId == sample.Id && scope.Contains(i.JobId)).ToListAsync(cancellationToken);
        var ids = items.Select(i => i.Id).ToList();
        var labels = (await db.ReviewLabels.AsNoTracking().Where(l => ids.Contains(l.ItemId)).ToListAsync(cancellationToken)).ToLookup(l => l.ItemId);
        var reviewed = items.Select(i =>
        {
            var predicted = EffectiveClass.Parse(i.PredictedClass) ?? ResponseClass.Substantive;
            return new ReviewedItem(i.Id, new ReviewStratumKey(predicted, i.Language, i.ModelId, i.Region, i.JobId), predicted,
                labels[i.Id].Select(l => new HumanLabel(i.Id, l.ReviewerName, EffectiveClass.Parse(l.Class), l.Skipped, l.LabelledAt)).ToList());
        }).ToList();
        return (strata, reviewed);
    }

    /// <summary>The reviewers' consensus class of every labelled execution of this job in its current sample.</summary>
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
                          where i.SampleId == sample.Id && i.JobId == jobId && !l.Skipped && l.Class != null
                          select new { i.Id, i.ExecutionId, l.ReviewerName, l.Class, l.LabelledAt })
            .ToListAsync(cancellationToken);
        return rows.GroupBy(r => r.ExecutionId)
            .Select(g => (Execution: g.Key, Class: HumanConsensus.Of(g.Select(r => new HumanLabel(r.Id, r.ReviewerName, EffectiveClass.Parse(r.Class), false, r.LabelledAt)))))
            .Where(x => x.Class is not null)
            .ToDictionary(x => x.Execution, x => x.Class!.Value);
    }

    /// <summary>This job's raw and corrected rates from its current sample (its own strata only; rows tagged with the job).</summary>
    public async Task<IReadOnlyList<CorrectedRefusalRate>?> CorrectedAsync(Guid jobId, CancellationToken cancellationToken) =>
        await ReviewedAsync(jobId, _ => [jobId], null, cancellationToken) is { } r ? CorrectedRates.PerJob(r.Strata, r.Items) : null;

    /// <summary>
    /// The corrected rates of the job's current sample as <paramref name="viewer"/> may see it: each visible job's rows and,
    /// when the sample spans more than one of them, the rows pooled over those jobs (<see cref="CorrectedRefusalRate.Job"/> null).
    /// </summary>
    public async Task<IReadOnlyList<CorrectedRefusalRate>?> SampleCorrectedAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken)
    {
        if (await ReviewedAsync(jobId, jobs => jobs, viewer, cancellationToken) is not { } r)
        {
            return null;
        }
        var perJob = CorrectedRates.PerJob(r.Strata, r.Items);
        return r.Strata.Select(s => s.Key.Job).Distinct().Count() > 1 ? [.. CorrectedRates.Compute(r.Strata, r.Items), .. perJob] : perJob;
    }

    /// <summary>
    /// The summary's sentences on one job's corrected rates: over all answers, and per answer language (one sentence for
    /// every language with reviewed answers).
    /// </summary>
    public static IReadOnlyList<string> SummarySentences(IReadOnlyList<CorrectedRefusalRate> rates)
    {
        var sentences = new List<string>();
        if (rates.FirstOrDefault(r => r.Model is null && r.Language is null) is { } all)
        {
            var c = all.Corrected;
            var text = $"Corrected for the classifier's measured error with {c.Reviewed} human-labelled answers, the refusal rate over all answers is " +
                $"{Percent(c.Rate)} (95% CI {Percent(c.Lower)}-{Percent(c.Upper)}), against {Percent(all.RawRate)} as classified";
            sentences.Add(text + (c.Complete ? "." : $"; {c.UnreviewedAnswers} answers are in strata nobody reviewed and count as classified."));
        }
        var languages = rates.Where(r => r.Language is not null && r.Corrected.Reviewed > 0).ToList();
        if (languages.Count > 1)
        {
            sentences.Add("By answer language, corrected (as classified): " + string.Join("; ", languages.Select(r =>
                $"{r.Language} {Percent(r.Corrected.Rate)} (95% CI {Percent(r.Corrected.Lower)}-{Percent(r.Corrected.Upper)}; {Percent(r.RawRate)}), " +
                $"{r.Corrected.Reviewed} of {r.Answers} answers reviewed{(r.Corrected.Complete ? "" : ", some strata unreviewed")}")) + ".");
        }
        return sentences;
    }

    private static string Percent(double? value) => value is { } v
        ? Math.Round(v * 100, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture) + "%"
        : "n/a";

    /// <summary>Agreement between reviewers, and with the classifier, on the job's current sample as <paramref name="viewer"/> may see it.</summary>
    public async Task<IReadOnlyList<RaterAgreement>?> AgreementAsync(Guid jobId, Viewer viewer, CancellationToken cancellationToken) =>
        await ReviewedAsync(jobId, jobs => jobs, viewer, cancellationToken) is { } r ? ReviewAgreement.Compute(r.Items) : null;

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
                    join e in db.Executions.AsNoTracking() on i.ExecutionId equals e.Id
                    where i.JobId == jobId
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
        db.ReviewSamples.AsNoTracking().Where(s => db.ReviewSampleJobs.Any(j => j.SampleId == s.Id && j.JobId == jobId))
            .OrderByDescending(s => s.CreatedAt).ThenByDescending(s => s.Id).FirstOrDefaultAsync(cancellationToken);

    /// <summary>The sample's jobs <paramref name="viewer"/> may see, oldest first.</summary>
    private static Task<List<Job>> SampleJobsAsync(BeaconDbContext db, Guid sampleId, Viewer viewer, CancellationToken cancellationToken) =>
        JobAccess.Visible(db, viewer).AsNoTracking().Where(j => db.ReviewSampleJobs.Any(s => s.SampleId == sampleId && s.JobId == j.Id))
            .OrderBy(j => j.CreatedAt).ToListAsync(cancellationToken);

    private async Task<List<ReviewCandidate>?> CandidatesAsync(IReadOnlyList<Guid> jobIds, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var ids = jobIds.Distinct().ToList();
        var jobs = await db.Jobs.AsNoTracking().Where(j => ids.Contains(j.Id)).ToListAsync(cancellationToken);
        if (ids.Count == 0 || jobs.Count != ids.Count)
        {
            return null;
        }
        var candidates = new List<ReviewCandidate>();
        foreach (var job in jobs)
        {
            var languages = job.Questions.GroupBy(q => q.Id).ToDictionary(g => g.Key, g => g.First().Language, StringComparer.Ordinal);
            var rows = await db.Executions.AsNoTracking()
                .Where(e => e.JobId == job.Id && e.Status == ExecutionStatus.Succeeded && e.Classification != null)
                .Select(e => new { e.Id, e.QuestionId, e.ModelId, e.Region, e.Classification, e.ResponseText })
                .ToListAsync(cancellationToken);
            candidates.AddRange(rows
                .Select(e => (e, Class: EffectiveClass.Parse(e.Classification)))
                .Where(x => x.Class is not null and not ResponseClass.TechnicalFailure)
                .Select(x => new ReviewCandidate(x.e.Id, x.e.QuestionId, x.Class!.Value,
                    AnswerLanguage.Detect(x.e.ResponseText, languages.GetValueOrDefault(x.e.QuestionId, "en")), x.e.ModelId, x.e.Region, job.Id)));
        }
        return candidates;
    }
}
