using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

public static class JobEndpoints
{
    private const int MaxPageSize = 1000;

    public static IEndpointRouteBuilder MapJobEndpoints(this IEndpointRouteBuilder routes)
    {
        var jobs = routes.MapGroup("/api/jobs").WithTags("Jobs");
        jobs.MapPost("/", SubmitAsync).WithName("SubmitJob").WithSummary("Validate and submit a job; every execution is created pending.");
        jobs.MapGet("/", ListAsync).WithName("ListJobs").WithSummary("The jobs you may see: yours and those shared with you (administrators: all).");
        var job = routes.MapJobGroup("Jobs");
        job.MapGet("/", GetAsync).WithName("GetJob");
        job.MapGet("/executions", ExecutionsAsync).WithName("ListExecutions");
        job.MapPost("/cancel", CancelAsync).WithName("CancelJob");
        job.MapPost("/retry-failed", RetryFailedAsync).WithName("RetryFailed")
            .WithSummary("Run failed executions again (all, or one with ?executionId=), same prompt and parameters.");
        routes.MapExecutionGroup("Jobs").MapGet("/", ExecutionAsync).WithName("GetExecution");
        return routes;
    }

    private static async Task<Results<Created<JobResponse>, Ok<JobResponse>, ValidationProblem>> SubmitAsync(
        JobRequest request, HttpContext context, JobService jobs, JobQueries queries,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, CancellationToken cancellationToken)
    {
        var result = await jobs.SubmitAsync(request, CurrentUser.Viewer(context.User), string.IsNullOrWhiteSpace(idempotencyKey) ? null : idempotencyKey.Trim(), cancellationToken);
        if (result.Job is not { } job)
        {
            return TypedResults.ValidationProblem(result.Errors, title: "The job is not valid; nothing was saved.");
        }
        // The job is saved: even if reading it back fails now, the client must learn its id.
        JobSummary summary;
        try
        {
            summary = (await queries.GetAsync(job.Id, cancellationToken))!;
        }
        catch (Npgsql.NpgsqlException)
        {
            summary = new JobSummary(job.Id, job.Name, job.Status, job.ExecutionCount, job.Models, job.Regions, job.Questions.Count, job.Repeats,
                job.Temperature, job.MaxTokens, job.Seed, job.SubmittedBy, job.CreatedAt, job.QueuedAt, null, null,
                StatusCounts.Empty with { Pending = job.ExecutionCount }, job.Personas);
        }
        var body = JobResponse.From(summary);
        return result.Existing ? TypedResults.Ok(body) : TypedResults.Created($"/api/jobs/{job.Id}", body);
    }

    private static async Task<Results<Ok<PageResponse<JobResponse>>, ValidationProblem>> ListAsync(
        HttpContext context, JobQueries queries, JobStatus? status, int? page, int? pageSize, CancellationToken cancellationToken)
    {
        if (Paging(page, pageSize) is { } invalid)
        {
            return invalid;
        }
        var result = await queries.ListAsync(CurrentUser.Viewer(context.User), status, page ?? 1, pageSize ?? 50, cancellationToken);
        return TypedResults.Ok(new PageResponse<JobResponse>(result.Items.Select(JobResponse.From).ToList(), result.Total, result.PageNumber, result.PageSize));
    }

    private static async Task<Results<Ok<JobResponse>, NotFound<ProblemDetails>>> GetAsync(Guid id, JobQueries queries, CancellationToken cancellationToken)
    {
        var job = await queries.GetAsync(id, cancellationToken);
        return job is null ? NotFoundJob(id) : TypedResults.Ok(JobResponse.From(job));
    }

    private static async Task<Results<Ok<PageResponse<ExecutionResponse>>, NotFound<ProblemDetails>, ValidationProblem>> ExecutionsAsync(
        Guid id, JobQueries queries, string? questionId, string? model, string? region, ExecutionStatus? status, int? page, int? pageSize,
        CancellationToken cancellationToken)
    {
        if (Paging(page, pageSize) is { } invalid)
        {
            return invalid;
        }
        if (await queries.GetAsync(id, cancellationToken) is null)
        {
            return NotFoundJob(id);
        }
        var result = await queries.ExecutionsAsync(id, new ExecutionFilter(questionId, model, region, status), page ?? 1, pageSize ?? 100, cancellationToken);
        return TypedResults.Ok(new PageResponse<ExecutionResponse>(result.Items.Select(ExecutionResponse.From).ToList(), result.Total, result.PageNumber, result.PageSize));
    }

    private static async Task<Results<Ok<ExecutionResponse>, NotFound<ProblemDetails>>> ExecutionAsync(long id, JobQueries queries, CancellationToken cancellationToken)
    {
        var execution = await queries.ExecutionAsync(id, cancellationToken);
        return execution is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Execution not found", Detail = $"There is no execution {id}.", Status = 404 })
            : TypedResults.Ok(ExecutionResponse.From(execution));
    }

    private static async Task<Results<Ok<ActionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> CancelAsync(
        Guid id, JobService jobs, CancellationToken cancellationToken) =>
        ToResult(id, await jobs.CancelAsync(id, cancellationToken));

    private static async Task<Results<Ok<ActionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>>> RetryFailedAsync(
        Guid id, long? executionId, JobService jobs, CancellationToken cancellationToken) =>
        ToResult(id, await jobs.RetryFailedAsync(id, executionId, cancellationToken));

    private static Results<Ok<ActionResponse>, NotFound<ProblemDetails>, Conflict<ProblemDetails>> ToResult(Guid id, JobActionResult result) =>
        result.Outcome switch
        {
            JobActionOutcome.Done => TypedResults.Ok(new ActionResponse(result.Cells, result.Message)),
            JobActionOutcome.NotFound => NotFoundJob(id),
            _ => TypedResults.Conflict(new ProblemDetails { Title = "Not possible now", Detail = result.Message, Status = 409 }),
        };

    private static NotFound<ProblemDetails> NotFoundJob(Guid id) =>
        TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 });

    private static ValidationProblem? Paging(int? page, int? pageSize)
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
        return errors.Count == 0 ? null : TypedResults.ValidationProblem(errors);
    }
}
