using Beacon.Core.Inference;

namespace Beacon.Core.Tests.Inference;

public sealed class RegionBreakerTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 12, 3, 12, 0, 0, TimeSpan.Zero);
        public override DateTimeOffset GetUtcNow() => Now;
    }

    private static int CallsUntilOpen(RegionBreaker breaker)
    {
        for (var calls = 1; calls < 100_000; calls++)
        {
            Assert.True(breaker.TryAdmit(out _));
            breaker.Record(failed: true);
            if (breaker.IsOpen)
            {
                return calls;
            }
        }
        return -1;
    }

    [Theory]
    [InlineData(0)]
    [InlineData(20)]
    [InlineData(10_000)]
    public void ADeadRegionIsDetectedWithinTheThresholdWhateverItServedBefore(int goodCallsBefore)
    {
        var breaker = new RegionBreaker(10, TimeSpan.FromSeconds(30), new ManualClock());
        for (var i = 0; i < goodCallsBefore; i++)
        {
            breaker.Record(failed: false);
        }

        Assert.Equal(10, CallsUntilOpen(breaker));
    }

    [Fact]
    public void ScatteredFaultsNeverOpenIt()
    {
        var breaker = new RegionBreaker(10, TimeSpan.FromSeconds(30), new ManualClock());
        var random = new Random(7);
        for (var i = 0; i < 100_000; i++)
        {
            Assert.True(breaker.TryAdmit(out _));
            // One call in five fails: far more than the 3 % 503s and 2 % 429s the emulator serves by default.
            breaker.Record(failed: random.NextDouble() < 0.2);
        }

        Assert.False(breaker.IsOpen);
    }

    [Fact]
    public void WhileOpenCallsAreRefusedThenOneProbeDecides()
    {
        var clock = new ManualClock();
        var breaker = new RegionBreaker(3, TimeSpan.FromSeconds(30), clock);
        CallsUntilOpen(breaker);

        Assert.False(breaker.TryAdmit(out var wait));
        Assert.Equal(TimeSpan.FromSeconds(30), wait);
        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(breaker.TryAdmit(out _));
        Assert.False(breaker.TryAdmit(out _));
        breaker.Record(failed: true);
        Assert.True(breaker.IsOpen);
        Assert.False(breaker.TryAdmit(out _));

        clock.Now += TimeSpan.FromSeconds(30);
        Assert.True(breaker.TryAdmit(out _));
        breaker.Record(failed: false);
        Assert.False(breaker.IsOpen);
        Assert.True(breaker.TryAdmit(out _));
    }

    [Fact]
    public void AHealthyHealthCheckClosesItAtOnce()
    {
        var breaker = new RegionBreaker(3, TimeSpan.FromMinutes(5), new ManualClock());
        CallsUntilOpen(breaker);

        breaker.Reset();

        Assert.True(breaker.TryAdmit(out _));
        Assert.False(breaker.IsOpen);
    }
}
