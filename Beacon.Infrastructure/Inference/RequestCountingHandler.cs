namespace Beacon.Infrastructure.Inference;

/// <summary>Sits inside the resilience handler, so it sees every try.</summary>
public sealed class RequestCountingHandler : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (request.Options.TryGetValue(RequestCounter.Key, out var counter))
        {
            counter.Increment();
        }
        return base.SendAsync(request, cancellationToken);
    }
}
