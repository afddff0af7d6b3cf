using Beacon.Core.Accounts;

namespace Beacon.Core.Tests.Accounts;

public sealed class SignInThrottleTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void FiveWrongPasswordsFromOneAddressRefuseThatAddressForFifteenMinutes()
    {
        var clock = new ManualClock();
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("ann@example.org", "203.0.113.5");
            Assert.Null(throttle.RetryAfter("ann@example.org", "203.0.113.5"));
        }

        throttle.Failed("ann@example.org", "203.0.113.5");

        Assert.Equal(TimeSpan.FromMinutes(15), throttle.RetryAfter("ann@example.org", "203.0.113.5"));
        clock.Now += TimeSpan.FromMinutes(14);
        Assert.Equal(TimeSpan.FromMinutes(1), throttle.RetryAfter("ANN@example.org ", "203.0.113.5"));
        clock.Now += TimeSpan.FromMinutes(1);
        Assert.Null(throttle.RetryAfter("ann@example.org", "203.0.113.5"));
    }

    [Fact]
    public void TheSameAccountFromAnotherAddressAndAnotherAccountFromTheSameAddressAreUnaffected()
    {
        var throttle = new SignInThrottle(new ManualClock());
        for (var i = 0; i < 10; i++)
        {
            throttle.Failed("admin@beacon.local", "203.0.113.5");
        }

        Assert.NotNull(throttle.RetryAfter("admin@beacon.local", "203.0.113.5"));
        Assert.Null(throttle.RetryAfter("admin@beacon.local", "198.51.100.7"));
        Assert.Null(throttle.RetryAfter("bob@example.org", "203.0.113.5"));
    }

    [Fact]
    public void FailuresSpreadOverMoreThanTheWindowNeverAddUpToABlock()
    {
        var clock = new ManualClock();
        var throttle = new SignInThrottle(clock);
        for (var i = 0; i < 12; i++)
        {
            throttle.Failed("ann@example.org", "203.0.113.5");
            clock.Now += TimeSpan.FromMinutes(4);
            if (i % 4 == 3)
            {
                clock.Now += SignInThrottle.Window;
            }
        }

        Assert.Null(throttle.RetryAfter("ann@example.org", "203.0.113.5"));
    }

    [Fact]
    public void ASuccessfulSignInClearsTheFailures()
    {
        var throttle = new SignInThrottle(new ManualClock());
        for (var i = 0; i < SignInThrottle.MaxFailures - 1; i++)
        {
            throttle.Failed("ann@example.org", "203.0.113.5");
        }
        throttle.Succeeded("ann@example.org", "203.0.113.5");
        throttle.Failed("ann@example.org", "203.0.113.5");

        Assert.Null(throttle.RetryAfter("ann@example.org", "203.0.113.5"));
    }
}
