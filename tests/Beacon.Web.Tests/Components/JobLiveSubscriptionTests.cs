using Beacon.Infrastructure.Live;
using Beacon.Web.Components.Shared;
using Bunit;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beacon.Web.Tests.Components;

public sealed class JobLiveSubscriptionTests : BunitContext
{
    private static readonly Guid Job = Guid.CreateVersion7();
    private readonly JobEvents _events = new(NullLogger<JobEvents>.Instance);
    private readonly List<JobEventBatch> _batches = [];
    private readonly TaskCompletionSource _delivered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public JobLiveSubscriptionTests() => Services.AddSingleton(_events);

    private IRenderedComponent<JobLiveSubscription> Subscription(bool enabled = true, bool resync = false) =>
        Render<JobLiveSubscription>(p => p
            .Add(s => s.JobId, Job)
            .Add(s => s.Enabled, enabled)
            .Add(s => s.ResyncOnSubscribe, resync)
            .Add(s => s.Window, TimeSpan.FromMilliseconds(10))
            .Add(s => s.OnEvents, (batch, _) =>
            {
                lock (_batches)
                {
                    _batches.Add(batch);
                }
                _delivered.TrySetResult();
                return Task.CompletedTask;
            }));

    /// <summary>Batches arrive from the buffer's timer, off the renderer: waits for the first (the limit only stops a hang).</summary>
    private async Task<JobEventBatch[]> DeliveredAsync()
    {
        await _delivered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        return Batches();
    }

    private JobEventBatch[] Batches()
    {
        lock (_batches)
        {
            return [.. _batches];
        }
    }

    [Fact]
    public async Task DeliversAPublishedEventOfItsJobAfterTheFirstRender()
    {
        Subscription();
        Assert.Equal(1, _events.SubscriberCount);

        await _events.PublishAsync(new JobEvent(Guid.CreateVersion7(), [7], null, null));
        await _events.PublishAsync(new JobEvent(Job, [1, 2], null, null));

        var batch = Assert.Single(await DeliveredAsync());
        Assert.Equal([1L, 2L], batch.ExecutionIds.Order());
        Assert.Equal(Job, batch.SubscribedJobId);
        Assert.False(batch.Resync);
    }

    [Fact]
    public async Task AsksForOneResyncRightAfterSubscribing()
    {
        Subscription(resync: true);

        Assert.True(Assert.Single(await DeliveredAsync()).Resync);
    }

    [Fact]
    public async Task StopsAfterDispose()
    {
        Subscription();
        Assert.Equal(1, _events.SubscriberCount);

        await DisposeComponentsAsync();
        await _events.PublishAsync(new JobEvent(Job, [1], null, null));

        Assert.Equal(0, _events.SubscriberCount);
        Assert.Empty(Batches());
    }

    [Fact]
    public async Task FollowsNothingWhileDisabledAndSubscribesOnceEnabled()
    {
        var cut = Subscription(enabled: false);
        await _events.PublishAsync(new JobEvent(Job, [1], null, null));
        Assert.Equal(0, _events.SubscriberCount);

        cut.Render(p => p.Add(s => s.Enabled, true));
        await _events.PublishAsync(new JobEvent(Job, [2], null, null));

        Assert.Equal(1, _events.SubscriberCount);
        Assert.Equal([2L], Assert.Single(await DeliveredAsync()).ExecutionIds);
    }
}
