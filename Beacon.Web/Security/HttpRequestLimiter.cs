using System.Security.Claims;
using System.Threading.RateLimiting;

namespace Beacon.Web.Security;

/// <summary>
/// The global limiter of ASP.NET Core's rate-limiting middleware: sign-in posts (the sign-in form, POST /api/auth/token)
/// per client address, job submissions (POST /api/jobs) per user; everything else passes.
/// </summary>
public sealed class HttpRequestLimiter(BeaconRateLimits limits) : PartitionedRateLimiter<HttpContext>
{
    private static readonly RateLimitLease Unlimited = new UnlimitedLease();

    public override RateLimiterStatistics? GetStatistics(HttpContext resource) => null;

    protected override RateLimitLease AttemptAcquireCore(HttpContext resource, int permitCount)
    {
        var request = resource.Request;
        if (!HttpMethods.IsPost(request.Method))
        {
            return Unlimited;
        }
        if (request.Path.Equals("/account/login", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/api/auth/token", StringComparison.OrdinalIgnoreCase))
        {
            return limits.AcquireSignIn(resource.Connection.RemoteIpAddress?.ToString() ?? "unknown");
        }
        if (request.Path.Equals("/api/jobs", StringComparison.OrdinalIgnoreCase) || request.Path.Equals("/api/jobs/", StringComparison.OrdinalIgnoreCase))
        {
            var user = resource.User.FindFirstValue(ClaimTypes.NameIdentifier);
            // Anonymous submissions are refused by authorization anyway; they share one bucket per address.
            return limits.AcquireSubmission(user ?? "ip:" + resource.Connection.RemoteIpAddress);
        }
        return Unlimited;
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(HttpContext resource, int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(resource, permitCount));

    private sealed class UnlimitedLease : RateLimitLease
    {
        public override bool IsAcquired => true;
        public override IEnumerable<string> MetadataNames => [];

        public override bool TryGetMetadata(string metadataName, out object? metadata)
        {
            metadata = null;
            return false;
        }
    }
}
