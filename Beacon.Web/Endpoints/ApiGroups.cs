namespace Beacon.Web.Endpoints;

/// <summary>
/// The route groups that reach one job or one execution. Map such endpoints only through these, so the access rule
/// cannot be forgotten (the authorisation matrix test checks every endpoint anyway).
/// </summary>
public static class ApiGroups
{
    public static RouteGroupBuilder MapJobGroup(this IEndpointRouteBuilder routes, string tag) =>
        routes.MapGroup("/api/jobs/{id:guid}").WithTags(tag).AddEndpointFilter<JobAccessFilter>();

    public static RouteGroupBuilder MapExecutionGroup(this IEndpointRouteBuilder routes, string tag) =>
        routes.MapGroup("/api/executions/{id:long}").WithTags(tag).AddEndpointFilter<ExecutionAccessFilter>();
}
