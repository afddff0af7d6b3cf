using Beacon.Infrastructure.Live;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Components.Shared;

/// <summary>
/// Follows live job events for the page that holds it (it renders nothing). It subscribes to <see cref="JobEvents"/>
/// only after its first interactive render, so prerendering never leaves a subscription behind; coalesces bursts
/// with a <see cref="JobEventBuffer"/>; optionally asks for one resync batch right after subscribing, so whatever was
/// committed between the page's load and the subscription is not lost; and unsubscribes when disposed.
/// <see cref="OnEvents"/> runs off the renderer's thread, one batch at a time and in order: the page reads what it
/// needs there and applies it with <c>InvokeAsync</c>.
/// </summary>
public sealed class JobLiveSubscription : ComponentBase, IDisposable
{
    private bool _rendered;
    private JobEventBuffer? _buffer;
    private IDisposable? _subscription;
    private Guid? _followed;

    [Inject] private JobEvents Events { get; set; } = default!;

    [Inject] private ILogger<JobLiveSubscription> Logger { get; set; } = default!;

    /// <summary>The job to follow; null follows every job.</summary>
    [Parameter] public Guid? JobId { get; set; }

    /// <summary>
    /// Follows only while true, e.g. once the page's first load is applied (so that no reload started earlier can land
    /// after, and over, the live updates) and never for a job the user may not see. False unsubscribes.
    /// </summary>
    [Parameter] public bool Enabled { get; set; } = true;

    /// <summary>Bursts of events are handed over at most once per window (see <see cref="JobEventBuffer"/>).</summary>
    [Parameter, EditorRequired] public TimeSpan Window { get; set; }

    /// <summary>Hands over one resync batch right after subscribing (true unless the page reloads by itself).</summary>
    [Parameter] public bool ResyncOnSubscribe { get; set; } = true;

    /// <summary>Receives each batch (its <see cref="JobEventBatch.SubscribedJobId"/> is the job followed when it was collected).</summary>
    [Parameter, EditorRequired] public Func<JobEventBatch, CancellationToken, Task> OnEvents { get; set; } = default!;

    /// <summary>
    /// Adds an event of the page's own (e.g. after an action) to the buffer, so that it is coalesced and applied in
    /// order with the published ones. Ignored while not subscribed.
    /// </summary>
    public Task AddAsync(JobEvent e) => _buffer?.AddAsync(e) ?? Task.CompletedTask;

    protected override void OnParametersSet()
    {
        if (_rendered)
        {
            Follow();
        }
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender)
        {
            _rendered = true;
            Follow();
        }
    }

    // It renders nothing: the page's frequent re-renders need not render it again.
    protected override bool ShouldRender() => false;

    private void Follow()
    {
        if (!Enabled)
        {
            Stop();
            return;
        }
        if (_subscription is not null && _followed == JobId)
        {
            return;
        }
        Stop();
        var followed = JobId;
        _buffer = new JobEventBuffer(Window, (batch, ct) => OnEvents(batch with { SubscribedJobId = followed }, ct), Logger);
        _subscription = Events.Subscribe(followed, _buffer.AddAsync);
        _followed = followed;
        if (ResyncOnSubscribe)
        {
            _ = _buffer.ResyncAsync();
        }
    }

    private void Stop()
    {
        _subscription?.Dispose();
        _subscription = null;
        _buffer?.Dispose();
        _buffer = null;
    }

    public void Dispose() => Stop();
}
