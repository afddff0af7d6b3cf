using System.Text.Json;
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
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapReviewEndpoints(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapJobGroup("Review");
        jobs.MapGet("/review/plan", PlanAsync).WithName("PlanReviewSample")
            .WithSummary("The strata a review sample of this size would have and the expected precision of the corrected refusal rate.");
        jobs.MapPost("/review/samples", CreateSampleAsync).WithName("CreateReviewSample")
            .WithSummary("Draw a stratified random sample (classified class x answer language x model x region) for human review; it becomes the current one.");
        jobs.MapGet("/review", QueueAsync).WithName("GetReviewQueue")
            .WithSummary("The current sample as the caller reviews it: blind (no classifier class) until the caller labels an item.");
        jobs.MapPut("/review/items/{itemId:long}/label", LabelAsync).WithName("LabelReviewItem")
            .WithSummary("Store the caller's label of one item: a class or skipped, with a note. Separate from class overrides.");
        jobs.MapGet("/review/agreement", AgreementAsync).WithName("GetReviewAgreement")
            .WithSummary("Cohen's kappa and confusion tables between reviewers and between each reviewer and the classifier.");
        jobs.MapGet("/review/corrected", CorrectedAsync).WithName("GetCorrectedRates")
            .WithSummary("Raw and corrected (two-phase) refusal rates overall, per model and region, and per answer language, with the classifier's precision and recall.");
        jobs.MapGet("/review/labels", ExportLabels).WithName("ExportReviewLabels")
            .WithSummary("Every human label of the job as JSONL: question, answer, model, region, language, classifier class and version, human class, reviewer, time.");
        routes.MapPost("/api/review/evaluation", EvaluateAsync).WithTags("Review").WithName("EvaluateOnLabels")
            .WithSummary("Import exported human labels (JSONL body) as an evaluation set: the current classifier against them.");
        return routes;
    }

    private static async Task<Results<Ok<ReviewPlan>, NotFound<ProblemDetails>, ValidationProblem>> PlanAsync(
        Guid id, int? perStratum, double? share, ReviewService review, CancellationToken cancellationToken)
    {
        var size = new SampleSize(perStratum ?? (share is null ? 20 : null), share);
        if (!size.IsValid)
        {
            return InvalidSize();
        }
        return await review.PlanAsync(id, size, cancellationToken) is { } plan ? TypedResults.Ok(plan) : NotFoundJob(id);
    }

    private static async Task<Results<Created<ReviewSampleSummary>, NotFound<ProblemDetails>, ValidationProblem>> CreateSampleAsync(
        Guid id, ReviewSampleRequest request, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var size = new SampleSize(request.PerStratum, request.Share);
        if (!size.IsValid)
        {
            return InvalidSize();
        }
        var sample = await review.CreateSampleAsync(id, size, request.Seed, CurrentUser.Name(context.User), cancellationToken);
        return sample is null ? NotFoundJob(id) : TypedResults.Created($"/api/jobs/{id}/review", sample);
    }

    private static async Task<Results<Ok<ReviewQueueResponse>, NotFound<ProblemDetails>>> QueueAsync(
        Guid id, HttpContext context, ReviewService review, CancellationToken cancellationToken)
    {
        var queue = await review.QueueAsync(id, CurrentUser.Id(context.User), cancellationToken);
        return queue is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "No review sample", Detail = $"Job {id} has no review sample (or does not exist); draw one first.", Status = 404 })
            : TypedResults.Ok(new ReviewQueueResponse(queue.SampleId, queue.CreatedAt, queue.Items.Count, queue.Done, queue.Items.Select(ReviewItemResponse.From).ToList()));
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
        var stored = await review.LabelAsync(id, itemId, CurrentUser.Id(context.User), CurrentUser.Name(context.User), @class, skipped, request.Note, cancellationToken);
        return stored
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Title = "Item not found", Detail = $"Job {id} has no review item {itemId}.", Status = 404 });
    }

    private static async Task<Results<Ok<IReadOnlyList<RaterAgreement>>, NotFound<ProblemDetails>>> AgreementAsync(
        Guid id, ReviewService review, CancellationToken cancellationToken) =>
        await review.AgreementAsync(id, cancellationToken) is { } agreement ? TypedResults.Ok(agreement) : NotFoundSample(id);

    private static async Task<Results<Ok<IReadOnlyList<CorrectedRefusalRate>>, NotFound<ProblemDetails>>> CorrectedAsync(
        Guid id, ReviewService review, CancellationToken cancellationToken) =>
        await review.CorrectedAsync(id, cancellationToken) is { } rates ? TypedResults.Ok(rates) : NotFoundSample(id);

    private static PushStreamHttpResult ExportLabels(Guid id, ReviewService review, CancellationToken cancellationToken) =>
        TypedResults.Stream(stream => review.ExportLabelsAsync(id, stream, cancellationToken), "application/x-ndjson", $"beacon-{id}-labels.jsonl");

    private static async Task<Results<Ok<EvaluationReport>, ValidationProblem>> EvaluateAsync(
        HttpRequest request, ResponseClassifier classifier, CancellationToken cancellationToken)
    {
        var labelled = new List<(string, string, string, ResponseClass)>();
        using var reader = new StreamReader(request.Body);
        var line = 0;
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            HumanLabelRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<HumanLabelRecord>(text, Json);
            }
            catch (JsonException e)
            {
                return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["body"] = [$"Line {line} is not a label: {e.Message}"] });
            }
            if (record is { Skipped: false } && EffectiveClass.Parse(record.HumanClass) is { } human)
            {
                labelled.Add((record.Question ?? "", record.Answer ?? "", record.Language ?? "en", human));
            }
        }
        return TypedResults.Ok(LabelEvaluation.Evaluate(labelled, classifier));
    }

    private static ValidationProblem InvalidSize() => TypedResults.ValidationProblem(
        new Dictionary<string, string[]> { ["size"] = ["Give either perStratum (a positive number of answers per stratum) or share (more than 0, at most 1)."] });

    private static NotFound<ProblemDetails> NotFoundJob(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 });

    private static NotFound<ProblemDetails> NotFoundSample(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "No review sample", Detail = $"Job {id} has no review sample (or does not exist).", Status = 404 });
}
