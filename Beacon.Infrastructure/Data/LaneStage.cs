namespace Beacon.Infrastructure.Data;

public enum LaneStage
{
    Waiting,
    WarmingUp,
    Running,
    Done,
}
