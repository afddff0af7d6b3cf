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
        BufferBody(message, httpRequest);
        if (!sendAuthorization)
        {
            // A local server without a key (Ollama, llama.cpp): send no placeholder credential at all.
            httpRequest.Headers.Remove("Authorization");
        }
    }

    /// <summary>
    /// The SDK streams its JSON body, which goes chunked without a Content-Length; a server or proxy that reads only
    /// Content-Length sees an empty body and answers 400. The body (a few kilobytes) is sent as bytes instead.
    /// </summary>
    private static void BufferBody(PipelineMessage message, HttpRequestMessage httpRequest)
    {
        if (message.Request.Content is not { } body || httpRequest.Content is not { } streamed || streamed.Headers.ContentLength is not null)
        {
            return;
        }
        using var buffer = new MemoryStream();
        body.WriteTo(buffer, message.CancellationToken);
        var bytes = new ByteArrayContent(buffer.ToArray());
        foreach (var header in streamed.Headers)
        {
            bytes.Headers.TryAddWithoutValidation(header.Key, header.Value);
        }
        httpRequest.Content = bytes;
        streamed.Dispose();
    }
}
