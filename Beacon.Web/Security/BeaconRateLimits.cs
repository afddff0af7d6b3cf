using System.Threading.RateLimiting;
using Microsoft.Extensions.Options;

namespace Beacon.Web.Security;

/// <summary>
/// The two limiters, shared by the HTTP pipeline (<see cref="HttpRequestLimiter"/>) and the pages that submit over the
/// Blazor circuit, so a user cannot get around the submission limit by using the other door.
/// </summary>
public sealed class BeaconRateLimits : IDisposable
{
    private readonly PartitionedRateLimiter<string> _signIn;
    private readonly PartitionedRateLimiter<string> _submission;

    public BeaconRateLimits(IOptions<RateLimitOptions> options)
    {
        var o = options.Value;
        _signIn = PartitionedRateLimiter.Create<string, string>(ip => RateLimitPartition.GetFixedWindowLimiter(ip, _ => Window(o.SignInPermitLimit, o.SignInWindow)));
        _submission = PartitionedRateLimiter.Create<string, string>(user => RateLimitPartition.GetFixedWindowLimiter(user, _ => Window(o.SubmissionPermitLimit, o.SubmissionWindow)));
    }

    public RateLimitLease AcquireSignIn(string clientAddress) => _signIn.AttemptAcquire(clientAddress);

    public RateLimitLease AcquireSubmission(string userId) => _submission.AttemptAcquire(userId);

    public void Dispose()
    {
        _signIn.Dispose();
        _submission.Dispose();
    }

    private static FixedWindowRateLimiterOptions Window(int permits, TimeSpan window) =>
        new() { PermitLimit = permits, Window = window, QueueLimit = 0, AutoReplenishment = true };
}
