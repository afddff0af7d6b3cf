using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Beacon.Migrations;

/// <summary>Lets 'dotnet ef' build the model without starting the app. Only used at design time.</summary>
public sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BeaconDbContext>
{
    public BeaconDbContext CreateDbContext(string[] args)
    {
        var connectionString = Environment.GetEnvironmentVariable("ConnectionStrings__Beacon") ?? "Host=/var/run/postgresql;Database=beacon";
        var options = new DbContextOptionsBuilder<BeaconDbContext>()
            .UseNpgsql(connectionString, npgsql => npgsql.MigrationsAssembly("Beacon.Migrations"))
            .UseSnakeCaseNamingConvention()
            .Options;
        return new BeaconDbContext(options);
    }
}
