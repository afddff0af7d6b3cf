namespace Beacon.Infrastructure.Live;

/// <summary>PostgreSQL NOTIFY channels. Notifications are issued inside the writing transaction, so they are
/// delivered only at COMMIT: nothing is announced that is not committed.</summary>
public static class LiveChannels
{
    public const string Executions = "beacon_executions";
    public const string Jobs = "beacon_jobs";
}
