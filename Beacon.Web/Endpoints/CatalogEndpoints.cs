using Beacon.Core.Catalog;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Web.Security;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Endpoints;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var catalog = routes.MapGroup("/api/catalog").WithTags("Catalog");
        catalog.MapGet("/questions", async (HttpContext context, IDbContextFactory<BeaconDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return TypedResults.Ok(await QuestionAccess.VisibleQuestions(db, CurrentUser.Viewer(context.User)).AsNoTracking()
                .OrderBy(q => q.Category).ThenBy(q => q.Id)
                .Select(q => new { q.Id, q.Category, q.Text, q.Language, q.Source, q.BuiltIn, q.DatasetId }).ToListAsync(ct));
        }).WithName("ListQuestions").WithSummary("The questions you may use in a job: built-in, your sets' and sets shared with everyone.");
        catalog.MapGet("/models", () => TypedResults.Ok(BuiltInCatalog.Models)).WithName("ListModels");
        catalog.MapGet("/regions", () => TypedResults.Ok(BuiltInCatalog.Regions)).WithName("ListRegions");
        return routes;
    }
}
