namespace Beacon.Infrastructure.Options;

public sealed class DatabaseOptions
{
    public const string SectionName = "Beacon:Database";
    public const string ConnectionStringName = "Beacon";

    /// <summary>Apply pending migrations at start-up; when off, start-up fails if any are pending.</summary>
    public bool MigrateOnStartup { get; set; }
}
