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
        datasets.MapGet("/", ListAsync).WithName("ListDatasets");
        datasets.MapGet("/{id:guid}", GetAsync).WithName("GetDataset");
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
        var check = await sets.PreviewAsync(upload.Content, upload.Request, cancellationToken);
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

        var result = await sets.ImportAsync(upload.Content, upload.Request, CurrentUser.Name(context.User), cancellationToken);
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

    private static async Task<Ok<List<DatasetResponse>>> ListAsync(DatasetService sets, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sets.ListAsync(cancellationToken)).Select(DatasetResponse.From).ToList());

    private static async Task<Results<Ok<DatasetDetailResponse>, NotFound<ProblemDetails>, ValidationProblem>> GetAsync(
        Guid id, int? page, int? pageSize, DatasetService sets, CancellationToken cancellationToken)
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

        var set = await sets.GetAsync(id, cancellationToken);
        if (set is null)
        {
            return TypedResults.NotFound(new ProblemDetails { Title = "Dataset not found", Detail = $"There is no question set {id}.", Status = 404 });
        }
        var questions = await sets.QuestionsAsync(id, page ?? 1, pageSize ?? 100, cancellationToken);
        return TypedResults.Ok(new DatasetDetailResponse(
            DatasetResponse.From(set),
            new PageResponse<DatasetQuestionResponse>(questions.Items.Select(DatasetQuestionResponse.From).ToList(), questions.Total, questions.PageNumber, questions.PageSize)));
    }
}
