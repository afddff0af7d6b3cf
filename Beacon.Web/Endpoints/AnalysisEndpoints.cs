using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Infrastructure.Export;
using Beacon.Infrastructure.Services;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>A job's statistics and export, re-classification, and researchers' class overrides.</summary>
public static class AnalysisEndpoints
{
    public static IEndpointRouteBuilder MapAnalysisEndpoints(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapJobGroup("Analysis");
        jobs.MapGet("/statistics", StatisticsAsync).WithName("GetJobStatistics")
            .WithSummary("Refusal rates with 95% Wilson intervals, paired tests across regions, similarity, keyword counts and a plain-language summary. " +
                "verifiedOnly=true uses only executions whose placement was verified (the summary says how many were left out).");
        jobs.MapGet("/statistics/detail", StatisticsDetailAsync).WithName("GetJobStatisticsDetail")
            .WithSummary("The per-cell detail of the statistics (each cell's counts, the regions' and the models' answers compared) for one page " +
                "of the job's questions: page (from 1, default 1), pageSize (1-500, default 100), verifiedOnly.");
        jobs.MapGet("/export", ExportAsync).WithName("ExportJob")
            .WithSummary("Stream the job's executions or statistics as csv, json or jsonl, with the job's parameters and classifier version. " +
                "CSV: spreadsheetSafe=true escapes cells a spreadsheet would run as formulas; bom=true is the variant for Excel " +
                "(spreadsheet-safe, with a UTF-8 byte-order mark). Each variant has its own file name.");
        jobs.MapPost("/reclassify", ReclassifyAsync).WithName("ReclassifyJob")
            .WithSummary("Run the current classifier over a finished job's executions; overrides are kept, replaced classes stay in the history. ?judge=true: the LLM judge classifies them too, in the background.");
        var executions = routes.MapExecutionGroup("Analysis");
        executions.MapPut("/classification", OverrideAsync).WithName("OverrideClassification")
            .WithSummary("Set a researcher's class for an execution; the classifier's class is kept beside it.");
        executions.MapDelete("/classification", ClearOverrideAsync).WithName("ClearClassificationOverride");
        executions.MapGet("/classifications", HistoryAsync).WithName("GetClassificationHistory")
            .WithSummary("Every class the execution was given, oldest first: each classifier version (class, rule, evidence) and each LLM judge verdict.");
        return routes;
    }

    private static async Task<Results<Ok<JobStatistics>, NotFound<ProblemDetails>>> StatisticsAsync(
        Guid id, bool? verifiedOnly, JobStatisticsService statistics, CancellationToken cancellationToken)
    {
        var result = await statistics.ComputeAsync(id, verifiedOnly ?? false, cancellationToken);
        return result is null ? NotFoundJob(id) : TypedResults.Ok(result);
    }

    private static async Task<Results<Ok<StatisticsDetailPage>, NotFound<ProblemDetails>, ValidationProblem>> StatisticsDetailAsync(
        Guid id, int? page, int? pageSize, bool? verifiedOnly, JobStatisticsService statistics, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        if (page is < 1)
        {
            errors["page"] = ["page counts from 1."];
        }
        if (pageSize is < 1 or > JobStatisticsService.MaxDetailPageSize)
        {
            errors["pageSize"] = [$"pageSize must be between 1 and {JobStatisticsService.MaxDetailPageSize}."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }
        var result = await statistics.DetailAsync(id, verifiedOnly ?? false, page ?? 1, pageSize ?? 100, cancellationToken);
        return result is null ? NotFoundJob(id) : TypedResults.Ok(result);
    }

    private static async Task<Results<PushStreamHttpResult, NotFound<ProblemDetails>, ValidationProblem>> ExportAsync(
        Guid id, string? format, string? content, bool? spreadsheetSafe, bool? bom, JobExportService export, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var parsedFormat = format is null ? ExportFormat.Csv : JobExportService.ParseFormat(format);
        if (parsedFormat is null)
        {
            errors["format"] = [$"Unknown format '{format}'. Use csv, json or jsonl."];
        }
        var parsedContent = content is null ? ExportContent.Executions : JobExportService.ParseContent(content);
        if (parsedContent is null)
        {
            errors["content"] = [$"Unknown content '{content}'. Use executions or statistics."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors);
        }

        var header = await export.HeaderAsync(id, cancellationToken);
        if (header is null)
        {
            return NotFoundJob(id);
        }
        var (f, c) = (parsedFormat!.Value, parsedContent!.Value);
        var csv = bom == true ? CsvVariant.Excel : spreadsheetSafe == true ? CsvVariant.SpreadsheetSafe : CsvVariant.Plain;
        return TypedResults.Stream(
            stream => export.WriteAsync(header, c, f, stream, csv, cancellationToken),
            JobExportService.ContentType(f),
            JobExportService.FileName(header, c, f, csv));
    }

    private static async Task<Results<Ok<ReclassifyResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> ReclassifyAsync(
        Guid id, bool? judge, ClassificationService classification, JudgeService judges, CancellationToken cancellationToken)
    {
        if (judge == true && !judges.IsConfigured)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["judge"] = [JudgeService.NotConfigured] },
                title: "The LLM judge is not available; nothing was re-classified.");
        }
        var result = await classification.ReclassifyAsync(id, judge == true, cancellationToken);
        return result.Outcome switch
        {
            JobActionOutcome.Done => TypedResults.Ok(ReclassifyResponse.From(result)),
            JobActionOutcome.NotFound => NotFoundJob(id),
            _ => TypedResults.Conflict(new ProblemDetails { Title = "Not possible now", Detail = result.Message, Status = 409 }),
        };
    }

    private static async Task<Results<Ok<ExecutionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> OverrideAsync(
        long id, ClassificationOverrideRequest request, HttpContext context, ClassificationService classification, CancellationToken cancellationToken)
    {
        var @class = EffectiveClass.Parse(request.Class);
        var errors = new Dictionary<string, string[]>();
        if (@class is null)
        {
            errors["class"] = [$"'{request.Class}' is not a class. Use one of: {string.Join(", ", Enum.GetNames<ResponseClass>())}."];
        }
        if (request.Note is { Length: > ClassificationService.MaxNoteLength })
        {
            errors["note"] = [$"The note must be at most {ClassificationService.MaxNoteLength} characters."];
        }
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The override is not valid; nothing was changed.");
        }
        return ToResult(id, await classification.OverrideAsync(id, @class, request.Note, CurrentUser.Name(context.User), cancellationToken));
    }

    private static async Task<Results<Ok<ExecutionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem>> ClearOverrideAsync(
        long id, HttpContext context, ClassificationService classification, CancellationToken cancellationToken) =>
        ToResult(id, await classification.OverrideAsync(id, null, null, CurrentUser.Name(context.User), cancellationToken));

    private static async Task<Ok<List<ClassificationRecordResponse>>> HistoryAsync(long id, ClassificationService classification, CancellationToken cancellationToken) =>
        TypedResults.Ok((await classification.HistoryAsync(id, cancellationToken)).Select(ClassificationRecordResponse.From).ToList());

    private static Results<Ok<ExecutionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>, ValidationProblem> ToResult(long id, OverrideResult result) =>
        result.Outcome switch
        {
            JobActionOutcome.Done => TypedResults.Ok(ExecutionResponse.From(result.Execution!)),
            JobActionOutcome.NotFound => TypedResults.NotFound(new ProblemDetails { Title = "Execution not found", Detail = $"There is no execution {id}.", Status = 404 }),
            _ => TypedResults.Conflict(new ProblemDetails { Title = "Not possible now", Detail = result.Message, Status = 409 }),
        };

    private static NotFound<ProblemDetails> NotFoundJob(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 });
}
