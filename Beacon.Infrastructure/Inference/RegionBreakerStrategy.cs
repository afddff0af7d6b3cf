using Polly;
using Polly.CircuitBreaker;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// The breaker step of the inference pipeline (between the retry and the attempt timeout, so every attempt counts): asks
/// the request's region breaker before each attempt and tells it how the attempt went. Health requests never pass here
/// (they are sent without the pipeline's breaker, see <see cref="RequestCounter.ProbeKey"/>), so a health check can never
/// use up the breaker's probe.
/// </summary>
internal sealed class RegionBreakerStrategy(RegionBreakers breakers, string protocol, Func<Outcome<HttpResponseMessage>, bool> isFailure)
    : ResilienceStrategy<HttpResponseMessage>
{
    protected override async ValueTask<Outcome<HttpResponseMessage>> ExecuteCore<TState>(
        Func<ResilienceContext, TState, ValueTask<Outcome<HttpResponseMessage>>> callback, ResilienceContext context, TState state)
    {
        var request = context.GetRequestMessage();
        if (request is null || !request.Options.TryGetValue(RequestCounter.RegionKey, out var region) ||
            (request.Options.TryGetValue(RequestCounter.ProbeKey, out var probe) && probe))
        {
            return await callback(context, state);
        }
        var breaker = breakers.For(protocol, region);
        if (!breaker.TryAdmit(out var retryAfter))
        {
            return Outcome.FromException<HttpResponseMessage>(new BrokenCircuitException(
                $"{region} failed repeatedly; calls resume in {Math.Ceiling(retryAfter.TotalSeconds)} s or when it answers its health check"));
        }
        var outcome = await callback(context, state);
        // A cancelled call (the job was cancelled, the cell ran out of time) says nothing about the region; an attempt
        // that timed out (TimeoutRejectedException) does, and counts as a failure.
        if (outcome.Exception is not OperationCanceledException)
        {
            breaker.Record(isFailure(outcome));
        }
        return outcome;
    }
}

/// <summary>Polly registers a strategy with an options object; the breaker's settings live in <see cref="RegionBreakers"/>.</summary>
internal sealed class RegionBreakerStrategyOptions : ResilienceStrategyOptions;
