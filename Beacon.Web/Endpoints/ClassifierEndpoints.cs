using Beacon.Core.Analysis;
using Beacon.Infrastructure.Services;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>The classifier's card, and how the optional LLM judge agrees with the classifier on a job.</summary>
public static class ClassifierEndpoints
{
    public static IEndpointRouteBuilder MapClassifierEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/api/classifier", () => TypedResults.Ok(ClassifierCard.Current)).WithTags("Classifier").WithName("GetClassifierCard")
            .WithSummary("The current classifier: version, what it was built and measured on, figures with 95% intervals, targets, known failure modes.");
        routes.MapJobGroup("Classifier").MapGet("/judge-agreement", AgreementAsync).WithName("GetJudgeAgreement")
            .WithSummary("How the LLM judge's latest verdicts agree with the built-in classifier on the job's answers: confusion table and Cohen's kappa.");
        return routes;
    }

    private static async Task<Results<Ok<JudgeAgreement>, NotFound<ProblemDetails>>> AgreementAsync(Guid id, JudgeService judge, CancellationToken cancellationToken)
    {
        var agreement = await judge.AgreementAsync(id, cancellationToken);
        return agreement is null
            ? TypedResults.NotFound(new ProblemDetails { Title = "Job not found", Detail = $"There is no job {id}.", Status = 404 })
            : TypedResults.Ok(agreement);
    }
}
