using Beacon.Infrastructure.Options;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// Checks the schema before anything runs: applies pending migrations when allowed, otherwise fails loudly.
/// Beacon never runs in a degraded database-less mode (an unapplied migration once made every job fail silently).
/// </summary>
public static class DatabaseInitializer
{
    public static async Task InitializeBeaconDatabaseAsync(this IServiceProvider services, CancellationToken cancellationToken = default)
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer));
        var options = services.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        await using var db = await services.GetRequiredService<IDbContextFactory<BeaconDbContext>>().CreateDbContextAsync(cancellationToken);

        IReadOnlyList<string> pending;
        try
        {
            pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        }
        catch (NpgsqlException ex)
        {
            var where = new NpgsqlConnectionStringBuilder(db.Database.GetConnectionString()) { Password = null };
            throw new InvalidOperationException(
                $"Cannot reach PostgreSQL ({where.Host}:{where.Port}, database '{where.Database}'): {ex.Message}. " +
                "Start it with scripts/start.sh, or set ConnectionStrings__Beacon.", ex);
        }

        if (pending.Count == 0)
        {
            logger.LogInformation("Database schema is up to date");
            return;
        }
        if (!options.MigrateOnStartup)
        {
            throw new InvalidOperationException(
                $"The database schema is {pending.Count} migration(s) behind ({string.Join(", ", pending)}). " +
                "Set Beacon:Database:MigrateOnStartup=true (scripts/start.sh does) or apply them with 'dotnet ef database update'.");
        }
        logger.LogInformation("Applying {Count} migration(s): {Migrations}", pending.Count, string.Join(", ", pending));
        await db.Database.MigrateAsync(cancellationToken);
    }
}
