using System.Collections.Concurrent;

namespace Beacon.Core.Accounts;

/// <summary>
/// Slows password guessing without letting anyone lock another person out. Failures are counted per (account, client
/// address): after <see cref="MaxFailures"/> wrong passwords within <see cref="Window"/> that pair is refused for
/// <see cref="BlockFor"/>, while the same account signs in normally from any other address. The account itself is never
/// locked by failures (an attacker who knows an email could otherwise lock its owner out). Unknown emails count the
/// same way, so the answer never reveals whether an account exists. Held in memory: each web process counts its own.
/// </summary>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int MaxFailures = 5;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(15);
    public static readonly TimeSpan BlockFor = TimeSpan.FromMinutes(15);
    private const int MaxTrackedPairs = 100_000;

    private readonly ConcurrentDictionary<(string Account, string Address), Entry> _entries = new();

    /// <summary>How long the pair is still refused, or null when it may try.</summary>
    public TimeSpan? RetryAfter(string account, string address)
    {
        if (!_entries.TryGetValue(Key(account, address), out var entry))
        {
            return null;
        }
        lock (entry)
        {
            var now = time.GetUtcNow();
            return entry.BlockedUntil > now ? entry.BlockedUntil - now : null;
        }
    }

    /// <summary>Counts a wrong password (or an unknown email) from this address for this account.</summary>
    public void Failed(string account, string address)
    {
        var now = time.GetUtcNow();
        if (_entries.Count >= MaxTrackedPairs)
        {
            Prune(now);
        }
        var entry = _entries.GetOrAdd(Key(account, address), _ => new Entry());
        lock (entry)
        {
            if (now - entry.WindowStart > Window)
            {
                entry.WindowStart = now;
                entry.Failures = 0;
            }
            entry.Failures++;
            if (entry.Failures >= MaxFailures)
            {
                entry.BlockedUntil = now + BlockFor;
                entry.Failures = 0;
                entry.WindowStart = now;
            }
        }
    }

    /// <summary>A successful sign-in clears the pair's failures.</summary>
    public void Succeeded(string account, string address) => _entries.TryRemove(Key(account, address), out _);

    private static (string, string) Key(string account, string address) => (account.Trim().ToUpperInvariant(), address);

    private void Prune(DateTimeOffset now)
    {
        foreach (var (key, entry) in _entries)
        {
            if (entry.BlockedUntil <= now && now - entry.WindowStart > Window)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry
    {
        public DateTimeOffset WindowStart { get; set; }
        public int Failures { get; set; }
        public DateTimeOffset BlockedUntil { get; set; }
    }
}
