namespace Beacon.Infrastructure.Data;

public enum LaneStage
{
    Waiting,
    WarmingUp,
    Running,
    Done,
    /// <summary>The job was cancelled before this lane finished its cells (a lane that had finished stays done).</summary>
    Cancelled,
}
