using Beacon.Infrastructure.Accounts;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Share a job with other users by email. Anyone who can see the job sees the list; its owner and administrators change it.</summary>
public static class SharingEndpoints
{
    public static IEndpointRouteBuilder MapSharingEndpoints(this IEndpointRouteBuilder routes)
    {
        var job = routes.MapJobGroup("Sharing");
        job.MapGet("/shares", ListAsync).WithName("ListJobShares");
        job.MapPost("/shares", ShareAsync).WithName("ShareJob").WithSummary("Share the job with a user by email: they may then see and act on it.");
        job.MapDelete("/shares/{userId}", UnshareAsync).WithName("UnshareJob");
        return routes;
    }

    private static async Task<Ok<List<ShareResponse>>> ListAsync(Guid id, JobSharingService sharing, CancellationToken cancellationToken) =>
        TypedResults.Ok((await sharing.ListAsync(id, cancellationToken)).Select(ShareResponse.From).ToList());

    private static async Task<Results<Ok<List<ShareResponse>>, ProblemHttpResult, ValidationProblem>> ShareAsync(
        Guid id, ShareRequest request, HttpContext context, JobAccess access, JobSharingService sharing, CancellationToken cancellationToken)
    {
        if (!await access.CanManageJobAsync(id, CurrentUser.Viewer(context.User), cancellationToken))
        {
            return OnlyOwner();
        }
        var result = await sharing.ShareAsync(id, request.Email ?? "", cancellationToken);
        return result switch
        {
            ShareResult.NoSuchUser => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = [$"There is no user {request.Email}."] }),
            ShareResult.IsOwner => TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["That user owns the job."] }),
            _ => TypedResults.Ok((await sharing.ListAsync(id, cancellationToken)).Select(ShareResponse.From).ToList()),
        };
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>, ProblemHttpResult>> UnshareAsync(
        Guid id, string userId, HttpContext context, JobAccess access, JobSharingService sharing, CancellationToken cancellationToken)
    {
        if (!await access.CanManageJobAsync(id, CurrentUser.Viewer(context.User), cancellationToken))
        {
            return OnlyOwner();
        }
        return await sharing.UnshareAsync(id, userId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Title = "Not shared", Detail = "The job is not shared with that user.", Status = 404 });
    }

    private static ProblemHttpResult OnlyOwner() =>
        TypedResults.Problem(title: "Not allowed", detail: "Only the job's owner or an administrator may change who it is shared with.", statusCode: StatusCodes.Status403Forbidden);
}
