namespace Beacon.Core.Inference;

/// <summary>
/// The circuit breaker of one region's endpoint. It opens after <c>threshold</c> failed attempts in a row, so a dead
/// region is detected within that many calls whatever it served before (a failure ratio over minutes needed 12 calls in
/// a fresh process and 224 in one with a long good history, and never noticed a 30-second outage). Occasional faults
/// (a 503 here and there) never line up that long. While open, calls fail at once; after <c>breakFor</c> one probe is let
/// through: its success closes the breaker, its failure opens it again. A successful health check of the region closes it
/// too (<see cref="Reset"/>), so work retried right after a region comes back runs at once. Thread-safe.
/// </summary>
public sealed class RegionBreaker(int threshold, TimeSpan breakFor, TimeProvider time)
{
    private readonly Lock _gate = new();
    private int _consecutiveFailures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;
    private bool _open;
    private bool _probing;

    public bool IsOpen
    {
        get
        {
            lock (_gate)
            {
                return _open;
            }
        }
    }

    /// <summary>
    /// Whether a call may go out now. When this returns true the caller must report the attempt's result with
    /// <see cref="Record"/>; <paramref name="retryAfter"/> says how long the breaker stays open when it returns false.
    /// </summary>
    public bool TryAdmit(out TimeSpan retryAfter)
    {
        lock (_gate)
        {
            retryAfter = TimeSpan.Zero;
            if (!_open)
            {
                return true;
            }
            var now = time.GetUtcNow();
            if (now >= _openUntil && !_probing)
            {
                _probing = true;
                return true;
            }
            retryAfter = _openUntil > now ? _openUntil - now : breakFor;
            return false;
        }
    }

    public void Record(bool failed)
    {
        lock (_gate)
        {
            if (!failed)
            {
                _consecutiveFailures = 0;
                _open = false;
                _probing = false;
                return;
            }
            _consecutiveFailures++;
            if (_probing || _consecutiveFailures >= threshold)
            {
                _open = true;
                _probing = false;
                _openUntil = time.GetUtcNow() + breakFor;
            }
        }
    }

    /// <summary>The region answered its health check: let calls through again.</summary>
    public void Reset() => Record(failed: false);
}
