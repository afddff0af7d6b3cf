namespace Beacon.Infrastructure.Live;

public sealed record LaneEvent(string Model, string Region, string Stage);
