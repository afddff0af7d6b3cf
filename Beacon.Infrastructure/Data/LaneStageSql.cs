namespace Beacon.Infrastructure.Data;

/// <summary><see cref="LaneStage"/> names as SQL literals for raw SQL, taken from the enum with <c>nameof</c>.</summary>
public static class LaneStageSql
{
    public const string WarmingUp = "'" + nameof(LaneStage.WarmingUp) + "'";
    public const string Done = "'" + nameof(LaneStage.Done) + "'";
    public const string Cancelled = "'" + nameof(LaneStage.Cancelled) + "'";
}
