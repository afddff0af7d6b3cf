using Beacon.Core.Catalog;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Web.Endpoints;

public static class CatalogEndpoints
{
    public static IEndpointRouteBuilder MapCatalogEndpoints(this IEndpointRouteBuilder routes)
    {
        var catalog = routes.MapGroup("/api/catalog").WithTags("Catalog");
        catalog.MapGet("/questions", async (IDbContextFactory<BeaconDbContext> dbFactory, CancellationToken ct) =>
        {
            await using var db = await dbFactory.CreateDbContextAsync(ct);
            return TypedResults.Ok(await db.Questions.AsNoTracking().OrderBy(q => q.Category).ThenBy(q => q.Id)
                .Select(q => new { q.Id, q.Category, q.Text, q.Language, q.Source, q.BuiltIn }).ToListAsync(ct));
        }).WithName("ListQuestions");
        catalog.MapGet("/models", () => TypedResults.Ok(BuiltInCatalog.Models)).WithName("ListModels");
        catalog.MapGet("/regions", () => TypedResults.Ok(BuiltInCatalog.Regions)).WithName("ListRegions");
        return routes;
    }
}
