using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>A job's recorded cost, and the estimate of a job before it is submitted (docs/costs.md).</summary>
public static class CostEndpoints
{
    public static IEndpointRouteBuilder MapCostEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapJobGroup("Costs").MapGet("/cost", ActualAsync).WithName("GetJobCost")
            .WithSummary("What the job's finished executions cost, in total and per region, model and lane.");
        routes.MapGroup("/api/jobs").WithTags("Costs").MapPost("/estimate", EstimateAsync).WithName("EstimateJob")
            .WithSummary("Validate a job like POST /api/jobs and estimate its executions, seconds and USD; nothing is saved.");
        return routes;
    }

    private static async Task<Results<Ok<JobCostResponse>, NotFound<ProblemDetails>>> ActualAsync(Guid id, CostService costs, CancellationToken cancellationToken)
    {
        var cost = await costs.ActualAsync(id, cancellationToken);
        return cost is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 })
            : TypedResults.Ok(JobCostResponse.From(id, cost));
    }

    private static async Task<Results<Ok<CostEstimateResponse>, ValidationProblem>> EstimateAsync(
        JobRequest request, HttpContext context, CostService costs, CancellationToken cancellationToken)
    {
        // Planned as the caller's submission would be: a question of another user's private set is refused as on submit.
        var result = await costs.EstimateAsync(request, CurrentUser.Viewer(context.User), cancellationToken);
        return result.Estimate is { } estimate
            ? TypedResults.Ok(CostEstimateResponse.From(estimate))
            : TypedResults.ValidationProblem(result.Errors, title: "The job is not valid; nothing was saved.");
    }
}
