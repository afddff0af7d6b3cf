using System.ClientModel.Primitives;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Hands the OpenAI SDK's requests to Beacon's HttpClient (and so to its resilience pipeline) tagged like the
/// Beacon-protocol client's: the per-call request counter, and the region that selects the circuit breaker.
/// </summary>
internal sealed class TaggedPipelineTransport(HttpClient http, RequestCounter counter, string region, bool sendAuthorization, bool probe = false)
    : HttpClientPipelineTransport(http)
{
    protected override void OnSendingRequest(PipelineMessage message, HttpRequestMessage httpRequest)
    {
        httpRequest.Options.Set(RequestCounter.Key, counter);
        httpRequest.Options.Set(RequestCounter.RegionKey, region);
        httpRequest.Options.Set(RequestCounter.ProbeKey, probe);
        if (!sendAuthorization)
        {
            // A local server without a key (Ollama, llama.cpp): send no placeholder credential at all.
            httpRequest.Headers.Remove("Authorization");
        }
    }
}
