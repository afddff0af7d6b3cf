using Beacon.Infrastructure.Services;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Question sets (datasets): preview and import a CSV or JSONL file, list the sets, page through one.</summary>
public static class DatasetEndpoints
{
    private const int MaxPageSize = 1000;

    private const string UploadDescription =
        "Send the file as multipart/form-data (field 'file', with optional fields name, format, source, licence) or as the raw " +
        "request body (text/csv or application/x-ndjson) with name, format, source and licence in the query string. See docs/datasets.md.";

    public static IEndpointRouteBuilder MapDatasetEndpoints(this IEndpointRouteBuilder routes)
    {
        var datasets = routes.MapGroup("/api/datasets").WithTags("Datasets");
        // The body is read by hand (DatasetUpload) so one route takes both a multipart upload and a raw file. No Accepts():
        // a request whose content type it does not list would fall through to the Blazor endpoints.
        datasets.MapPost("/preview", PreviewAsync).WithName("PreviewDataset")
            .WithSummary("Check a question-set file without storing it: the questions it would import, duplicates, and every error with its line.")
            .WithDescription(UploadDescription);
        datasets.MapPost("/", ImportAsync).WithName("ImportDataset")
            .WithSummary("Import a question-set file: all of it, or (on any error) nothing.")
            .WithDescription(UploadDescription);
        datasets.MapGet("/", ListAsync).WithName("ListDatasets")
            .WithSummary("The sets you may use: your own, those shared with everyone (all of them for an administrator), newest first.");
        datasets.MapGet("/{id:guid}", GetAsync).WithName("GetDataset");
        datasets.MapPut("/{id:guid}/sharing", SetSharingAsync).WithName("SetDatasetSharing")
            .WithSummary("Share the set with everyone signed in ({\"sharedWithEveryone\": true}) or make it private to its owner again. Owner or administrator.");
        return routes;
    }

    private static async Task<Results<Ok<DatasetPreviewResponse>, ValidationProblem>> PreviewAsync(
        HttpRequest request, DatasetService sets, CancellationToken cancellationToken)
    {
        var upload = await DatasetUpload.ReadAsync(request, cancellationToken);
        if (upload.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(upload.Errors, title: "The file could not be read.");
        }
        var check = await sets.PreviewAsync(upload.Content, upload.Request, CurrentUser.Id(request.HttpContext.User), cancellationToken);
        return TypedResults.Ok(DatasetPreviewResponse.From(check));
    }

    private static async Task<Results<Created<DatasetResponse>, ValidationProblem>> ImportAsync(
        HttpRequest request, HttpContext context, DatasetService sets, CancellationToken cancellationToken)
    {
        var upload = await DatasetUpload.ReadAsync(request, cancellationToken);
        if (upload.Errors.Count > 0)
        {
            return TypedResults.ValidationProblem(upload.Errors, title: "The file could not be read; nothing was imported.");
        }

        var result = await sets.ImportAsync(upload.Content, upload.Request, CurrentUser.Id(context.User), CurrentUser.Name(context.User), cancellationToken);
        if (result.Set is { } set)
        {
            return TypedResults.Created($"/api/datasets/{set.Id}", DatasetResponse.From(set));
        }

        var errors = new Dictionary<string, string[]>(result.Check.RequestErrors);
        foreach (var group in result.Check.Preview.Errors.Take(DatasetPreviewResponse.MaxListed).GroupBy(e => e.Line == 0 ? "file" : $"line {e.Line}"))
        {
            errors[group.Key] = group.Select(e => e.Message).ToArray();
        }
        var lineErrors = result.Check.Preview.Errors;
        return TypedResults.ValidationProblem(
            errors,
            title: "The question set is not valid; nothing was imported.",
            detail: lineErrors.Count == 0 ? null : $"{lineErrors.Count} error{(lineErrors.Count == 1 ? "" : "s")} in the file; the first is {lineErrors[0]}.",
            extensions: new Dictionary<string, object?>
            {
                ["lineErrors"] = lineErrors.Take(DatasetPreviewResponse.MaxListed).Select(LineErrorResponse.From).ToList(),
                ["errorCount"] = lineErrors.Count,
            });
    }

    private static async Task<Ok<List<DatasetResponse>>> ListAsync(HttpContext context, DatasetService sets, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sets.ListAsync(CurrentUser.Viewer(context.User), cancellationToken)).Select(DatasetResponse.From).ToList());

    private static async Task<Results<Ok<DatasetResponse>, NotFound<ProblemDetails>, ProblemHttpResult, ValidationProblem>> SetSharingAsync(
        Guid id, DatasetSharingRequest request, HttpContext context, DatasetService sets, CancellationToken cancellationToken)
    {
        if (request.SharedWithEveryone is not { } shared)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["sharedWithEveryone"] = ["Say true (share with everyone) or false (private to the owner)."] });
        }
        var result = await sets.SetSharedAsync(id, shared, CurrentUser.Viewer(context.User), cancellationToken);
        return result.Outcome switch
        {
            DatasetSharingOutcome.NotFound => NotFoundSet(id),
            DatasetSharingOutcome.NotAllowed => TypedResults.Problem(title: "Not allowed",
                detail: "Only the set's owner or an administrator may change who it is shared with.", statusCode: StatusCodes.Status403Forbidden),
            _ => TypedResults.Ok(DatasetResponse.From(result.Set!)),
        };
    }

    private static NotFound<ProblemDetails> NotFoundSet(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Dataset not found", Detail = $"There is no question set {id} that you can see.", Status = 404 });

    private static async Task<Results<Ok<DatasetDetailResponse>, NotFound<ProblemDetails>, ValidationProblem>> GetAsync(
        Guid id, int? page, int? pageSize, HttpContext context, DatasetService sets, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["Page numbers start at 1."];
        }
        if (pageSize is < 1 or > MaxPageSize)
        {
            errors["pageSize"] = [$"Page size must be between 1 and {MaxPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var set = await sets.GetAsync(id, CurrentUser.Viewer(context.User), cancellationToken);
        if (set is null)
        {
            return NotFoundSet(id);
        }
        var questions = await sets.QuestionsAsync(id, page ?? 1, pageSize ?? 100, cancellationToken);
        return TypedResults.Ok(new DatasetDetailResponse(
            DatasetResponse.From(set),
            new PageResponse<DatasetQuestionResponse>(questions.Items.Select(DatasetQuestionResponse.From).ToList(), questions.Total, questions.PageNumber, questions.PageSize)));
    }
}
