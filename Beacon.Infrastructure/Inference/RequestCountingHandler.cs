using System.Diagnostics;
using Beacon.Core.Abstractions;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Sits inside the resilience handler, so it sees every try: counts it and records its status, or the error that
/// ended it without one, for the execution's attempt history.
/// </summary>
public sealed class RequestCountingHandler : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (!request.Options.TryGetValue(RequestCounter.Key, out var counter))
        {
            return await base.SendAsync(request, cancellationToken);
        }
        counter.Increment();
        var started = Stopwatch.GetTimestamp();
        try
        {
            var response = await base.SendAsync(request, cancellationToken);
            counter.Record(new HttpTry(request.Method.Method, (int)response.StatusCode, null, Seconds(started)));
            return response;
        }
        catch (Exception ex)
        {
            var error = ex switch
            {
                OperationCanceledException => "timeout or cancelled: no response",
                HttpRequestException http => $"network error: {Truncate(http.Message)}",
                _ => $"{ex.GetType().Name}: {Truncate(ex.Message)}",
            };
            counter.Record(new HttpTry(request.Method.Method, null, error, Seconds(started)));
            throw;
        }
    }

    private static double Seconds(long started) => Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3);

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..199] + "…";
}
