using Beacon.Core.Analysis;
using Beacon.Core.Review;
using Beacon.Infrastructure.Services;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Human review of a job's classes: sample planning and drawing, the reviewer's queue, labels, agreement,
/// corrected rates, the labels as JSONL, and evaluating the classifier on imported labels.</summary>
public static class ReviewEndpoints
{
    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapJobGroup("Review");
        jobs.MapGet("/review/plan", PlanAsync).WithName("PlanReviewSample")
            .WithSummary("The strata a review sample of this size would have (of this job, and of the other jobs named by 'jobs') and the expected precision of the corrected refusal rate.");
        jobs.MapPost("/review/samples", CreateSampleAsync).WithName("CreateReviewSample")
            .WithSummary("Draw a stratified random sample (classified class x answer language x model x region, within each job) of this job and the jobs in 'jobIds' for human review; it becomes the current sample of each.");
        jobs.MapGet("/review", QueueAsync).WithName("GetReviewQueue")
            .WithSummary("The current sample as the caller reviews it: blind (no classifier class) until the caller labels an item.");
        jobs.MapPut("/review/items/{itemId:long}/label", LabelAsync).WithName("LabelReviewItem")
            .WithSummary("Store the caller's label of one item: a class or skipped, with a note. Separate from class overrides.");
        jobs.MapGet("/review/agreement", AgreementAsync).WithName("GetReviewAgreement")
            .WithSummary("Cohen's kappa and confusion tables between reviewers and between each reviewer and the classifier.");
        jobs.MapGet("/review/corrected", CorrectedAsync).WithName("GetCorrectedRates")
            .WithSummary("Raw and corrected (two-phase) refusal rates overall, per model and region, and per answer language, with the classifier's precision and recall: per job ('job') and, for a sample of several jobs, pooled over them ('job' null).");
        jobs.MapGet("/review/labels", ExportLabels).WithName("ExportReviewLabels")
            .WithSummary("Every human label of the job as JSONL: question, answer, model, region, language, classifier class and version, human class, reviewer, time.");
        routes.MapPost("/api/review/evaluation", ImportEvaluationAsync).WithTags("Review").WithName("ImportEvaluationLabels")
            .WithSummary("Import human labels (the labels JSONL as the body) into the evaluation set (a label imported again replaces itself) and measure the current classifier on the whole set.");
        routes.MapGet("/api/review/evaluation", EvaluationReportAsync).WithTags("Review").WithName("GetEvaluationReport")
            .WithSummary("The current classifier on the imported evaluation set: agreement, kappa, confusion table, precision and recall per class and language with Wilson intervals.");
        return routes;
    }

    private static async Task<Results<Ok<ReviewPlan>, NotFound<ProblemDetails>, ValidationProblem>> PlanAsync(
        Guid id, int? perStratum, double? share, [FromQuery(Name = "jobs")] Guid[]? jobs, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var size = new SampleSize(perStratum ?? (share is null ? 20 : null), share);
        if (!size.IsValid)
        {
            return InvalidSize();
        }
        if (await JobsAsync(id, jobs, context, review, cancellationToken) is not { } all)
        {
            return await InvalidJobsAsync(jobs, "jobs", context, review, cancellationToken);
        }
        return await review.PlanAsync(all, size, cancellationToken) is { } plan ? TypedResults.Ok(plan) : NotFoundJob(id);
    }

    private static async Task<Results<Created<ReviewSampleSummary>, NotFound<ProblemDetails>, ValidationProblem>> CreateSampleAsync(
        Guid id, ReviewSampleRequest request, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var size = new SampleSize(request.PerStratum, request.Share);
        if (!size.IsValid)
        {
            return InvalidSize();
        }
        if (await JobsAsync(id, request.JobIds, context, review, cancellationToken) is not { } all)
        {
            return await InvalidJobsAsync(request.JobIds, "jobIds", context, review, cancellationToken);
        }
        var sample = await review.CreateSampleAsync(all, size, request.Seed, CurrentUser.Name(context.User), cancellationToken);
        return sample is null ? NotFoundJob(id) : TypedResults.Created($"/api/jobs/{id}/review", sample);
    }

    /// <summary>This job and the others named, when the caller may see every one of them and there are not too many.</summary>
    private static async Task<IReadOnlyList<Guid>?> JobsAsync(Guid id, Guid[]? others, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var all = new[] { id }.Concat(others ?? []).Distinct().ToList();
        if (all.Count > ReviewService.MaxJobs)
        {
            return null;
        }
        return (await review.InvisibleJobsAsync(all, CurrentUser.Viewer(context.User), cancellationToken)).Count == 0 ? all : null;
    }

    private static async Task<ValidationProblem> InvalidJobsAsync(Guid[]? others, string field, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        if ((others?.Distinct().Count() ?? 0) + 1 > ReviewService.MaxJobs)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"A sample may span at most {ReviewService.MaxJobs} jobs."] });
        }
        var missing = await review.InvisibleJobsAsync(others ?? [], CurrentUser.Viewer(context.User), cancellationToken);
        return TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [$"There is no job {string.Join(", ", missing)} (or you may not see it)."] });
    }

    private static async Task<Results<Ok<ReviewQueueResponse>, NotFound<ProblemDetails>>> QueueAsync(
        Guid id, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var queue = await review.QueueAsync(id, CurrentUser.Viewer(context.User), cancellationToken);
        return queue is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "No review sample", Detail = $"Job {id} has no review sample (or does not exist); draw one first.", Status = 404 })
            : TypedResults.Ok(new ReviewQueueResponse(queue.SampleId, queue.CreatedAt, queue.Items.Count, queue.Done, queue.Items.Select(ReviewItemResponse.From).ToList())
            {
                Jobs = queue.Jobs,
            });
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>, ValidationProblem>> LabelAsync(
        Guid id, long itemId, ReviewLabelRequest request, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var skipped = request.Skipped ?? false;
        var @class = EffectiveClass.Parse(request.Class);
        var errors = new Dictionary<string, string[]>();
        if (!skipped && @class is null)
        {
            errors["class"] = [$"'{request.Class}' is not a class. Use one of: {string.Join(", ", Enum.GetNames<ResponseClass>())}, or skipped: true."];
        }
        if (request.Note is { Length: > ReviewService.MaxNoteLength })
        {
            errors["note"] = [$"The note must be at most {ReviewService.MaxNoteLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The label is not valid; nothing was stored.");
        }
        var stored = await review.LabelAsync(id, itemId, CurrentUser.Viewer(context.User), CurrentUser.Name(context.User), @class, skipped, request.Note, cancellationToken);
        return stored
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Title = "Item not found", Detail = $"Job {id} has no review item {itemId}.", Status = 404 });
    }

    private static async Task<Results<Ok<IReadOnlyList<RaterAgreement>>, NotFound<ProblemDetails>>> AgreementAsync(
        Guid id, HttpContext context, ReviewService review, CancellationToken cancellationToken) =>
        await review.AgreementAsync(id, CurrentUser.Viewer(context.User), cancellationToken) is { } agreement ? TypedResults.Ok(agreement) : NotFoundSample(id);

    private static async Task<Results<Ok<IReadOnlyList<CorrectedRefusalRate>>, NotFound<ProblemDetails>>> CorrectedAsync(
        Guid id, HttpContext context, ReviewService review, CancellationToken cancellationToken) =>
        await review.SampleCorrectedAsync(id, CurrentUser.Viewer(context.User), cancellationToken) is { } rates ? TypedResults.Ok(rates) : NotFoundSample(id);

    private static PushStreamHttpResult ExportLabels(Guid id, ReviewService review, CancellationToken cancellationToken) =>
        TypedResults.Stream(stream => review.ExportLabelsAsync(id, stream, cancellationToken), "application/x-ndjson", $"beacon-{id}-labels.jsonl");

    private static async Task<Results<Ok<EvaluationImportResponse>, ValidationProblem>> ImportEvaluationAsync(
        HttpRequest request, HttpContext context, EvaluationSetService evaluation, CancellationToken cancellationToken)
    {
        var import = await evaluation.ImportAsync(request.Body, CurrentUser.Name(context.User), cancellationToken);
        if (import.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [.. import.Errors] },
                title: "The labels were not imported; nothing was stored.");
        }
        return TypedResults.Ok(new EvaluationImportResponse(import.Added, import.Replaced, import.Ignored, await evaluation.ReportAsync(cancellationToken)));
    }

    private static async Task<Results<Ok<EvaluationReport>, NotFound<ProblemDetails>>> EvaluationReportAsync(
        EvaluationSetService evaluation, CancellationToken cancellationToken) =>
        await evaluation.ReportAsync(cancellationToken) is { } report
            ? TypedResults.Ok(report)
            : TypedResults.NotFound(new ProblemDetails { Title = "No evaluation set", Detail = "No human labels have been imported; post a labels JSONL file to /api/review/evaluation.", Status = 404 });

    private static ValidationProblem InvalidSize() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["size"] = ["Give either perStratum (a positive number of answers per stratum) or share (more than 0, at most 1)."] });

    private static NotFound<ProblemDetails> NotFoundJob(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 });

    private static NotFound<ProblemDetails> NotFoundSample(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "No review sample", Detail = $"Job {id} has no review sample (or does not exist).", Status = 404 });
}
