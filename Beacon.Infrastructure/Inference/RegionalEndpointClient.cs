using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Core.Placement;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Typed client for Beacon's regional endpoint protocol. One resilience pipeline (configured in
/// DependencyInjection) handles transient faults per HTTP request; this class follows 303 hand-offs by polling
/// the result URL (never re-posting) and turns every failure into a recorded outcome.
/// </summary>
public sealed class RegionalEndpointClient(
    HttpClient http,
    EndpointResolver resolver,
    IOptions<InferenceOptions> options,
    RegionBreakers breakers,
    ILogger<RegionalEndpointClient> logger) : IInferenceClient
{
    private const int MaxHandOffPolls = 1000;

    /// <summary>The endpoint asks for proxy auth and Beacon has no token for it.</summary>
    public const string EndpointAuthMissing = "endpoint_auth_missing";

    /// <summary>Beacon sent a token and the endpoint refused it.</summary>
    public const string EndpointAuthRefused = "endpoint_auth_refused";

    public async Task<InferenceOutcome> InferAsync(InferenceCall call, CancellationToken cancellationToken)
    {
        var counter = new RequestCounter();
        var outcome = await InferAsync(call, counter, cancellationToken);
        return outcome with { Requests = counter.Tries };
    }

    private async Task<InferenceOutcome> InferAsync(InferenceCall call, RequestCounter counter, CancellationToken cancellationToken)
    {
        RegionEndpoint endpoint;
        try
        {
            endpoint = await resolver.ResolveAsync(call.Region, cancellationToken);
        }
        catch (UnknownRegionException ex)
        {
            return InferenceOutcome.Failure("unknown_region", ex.Message, httpRequests: 0);
        }

        using var cellTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cellTimeout.CancelAfter(options.Value.CellTimeout);
        var body = new InferenceRequestBody(
            call.Model, call.Prompt, call.SystemPrompt.Length == 0 ? null : call.SystemPrompt, call.Parameters.Temperature, call.Parameters.MaxTokens,
            call.Region, call.Parameters.Seed, call.RequestId.ToString());

        try
        {
            using var post = new HttpRequestMessage(HttpMethod.Post, endpoint.InferenceUrl)
            {
                Content = JsonBody(body),
            };
            Tag(post, counter, call.Region);
            Authorize(post, endpoint);
            var response = await http.SendAsync(post, cellTimeout.Token);
            var polls = 0;
            while (response.StatusCode == HttpStatusCode.SeeOther)
            {
                var location = response.Headers.Location;
                response.Dispose();
                if (location is null)
                {
                    return WithEndpoint(InferenceOutcome.Failure("handoff_without_location", "The endpoint answered 303 without a Location header.", 303, counter.Count), endpoint);
                }
                if (++polls > MaxHandOffPolls)
                {
                    return WithEndpoint(InferenceOutcome.Failure("handoff_poll_limit", $"Still not ready after {MaxHandOffPolls} polls of the result URL.", 303, counter.Count), endpoint);
                }
                var resultUrl = location.IsAbsoluteUri ? location : new Uri(endpoint.InferenceUrl, location);
                using var poll = new HttpRequestMessage(HttpMethod.Get, resultUrl);
                Tag(poll, counter, call.Region);
                Authorize(poll, endpoint);
                response = await http.SendAsync(poll, cellTimeout.Token);
            }

            using (response)
            {
                return WithEndpoint(await ReadOutcomeAsync(response, endpoint, counter, cellTimeout.Token), endpoint);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutRejectedException)
        {
            return WithEndpoint(InferenceOutcome.Failure("timeout", $"No answer within the allowed time ({Describe(ex)}).", httpRequests: counter.Count), endpoint);
        }
        catch (BrokenCircuitException ex)
        {
            return WithEndpoint(InferenceOutcome.Failure("circuit_open", $"Region {call.Region} is failing; calls are paused ({ex.Message}).", httpRequests: counter.Count), endpoint);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Network error calling {Region} for {Model}", call.Region, call.Model);
            return WithEndpoint(InferenceOutcome.Failure("network_error", ex.Message, (int?)ex.StatusCode, counter.Count), endpoint);
        }
    }

    public async Task<EndpointHealth> CheckHealthAsync(string region, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        RegionEndpoint endpoint;
        try
        {
            endpoint = await resolver.ResolveAsync(region, cancellationToken);
        }
        catch (UnknownRegionException ex)
        {
            return new EndpointHealth(region, false, "unconfigured", [], [], false, 0, ex.Message);
        }

        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.HealthUrl);
            Tag(request, new RequestCounter(), region);
            // A health check informs and never counts for the breaker (it used to take the half-open probe and re-open it).
            request.Options.Set(RequestCounter.ProbeKey, true);
            Authorize(request, endpoint);
            using var response = await http.SendAsync(request, cancellationToken);
            var elapsed = Stopwatch.GetElapsedTime(started).TotalSeconds;
            if (AuthFailure(response, endpoint) is { } auth)
            {
                return new EndpointHealth(region, false, auth.Code, [], [], endpoint.Emulated, elapsed, auth.Message);
            }
            if (!response.IsSuccessStatusCode)
            {
                return new EndpointHealth(region, false, "unhealthy", [], [], endpoint.Emulated, elapsed, $"HTTP {(int)response.StatusCode}");
            }
            var health = await response.Content.ReadFromJsonAsync<HealthResponseBody>(ProtocolJson.Options, cancellationToken);
            // The region answers again: work retried now runs at once instead of failing on a breaker still open.
            breakers.For(RegionBreakers.BeaconProtocol, region).Reset();
            return new EndpointHealth(
                region, true, health?.Status ?? "unknown", health?.ModelsAvailable ?? [], health?.ModelsReady ?? [],
                endpoint.Emulated || health?.Emulated == true, elapsed, null);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or TimeoutRejectedException or BrokenCircuitException)
        {
            return new EndpointHealth(region, false, "down", [], [], endpoint.Emulated, Stopwatch.GetElapsedTime(started).TotalSeconds, ex.Message);
        }
    }

    /// <summary>
    /// The region's model info (capacity, pinning), or null when Beacon has no model-info URL for it (the emulator, a
    /// server without one). Never gates anything: a failure comes back as a report with <see cref="EndpointModelInfo.Error"/>.
    /// </summary>
    public async Task<EndpointModelInfo?> GetModelInfoAsync(string region, DateTimeOffset now, CancellationToken cancellationToken)
    {
        RegionEndpoint endpoint;
        try
        {
            endpoint = await resolver.ResolveAsync(region, cancellationToken);
        }
        catch (UnknownRegionException)
        {
            return null;
        }
        if (endpoint.Emulated || endpoint.ModelInfoUrl is null)
        {
            return null;
        }

        EndpointModelInfo Failed(string error) => new(endpoint.Region, null, null, null, null, null, now, error);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, endpoint.ModelInfoUrl);
            Tag(request, new RequestCounter(), region);
            request.Options.Set(RequestCounter.ProbeKey, true);
            Authorize(request, endpoint);
            using var response = await http.SendAsync(request, cancellationToken);
            if (AuthFailure(response, endpoint) is { } auth)
            {
                return Failed(auth.Message);
            }
            if (!response.IsSuccessStatusCode)
            {
                return Failed($"HTTP {(int)response.StatusCode} from {endpoint.ModelInfoUrl}");
            }
            var body = await response.Content.ReadFromJsonAsync<ModelInfoResponseBody>(ProtocolJson.Options, cancellationToken);
            int? capacity = body?.Capacity?.SuggestedConcurrency is >= 1 and var c ? c : null;
            var pinning = body?.Pinning is "broad" or "narrow" ? body.Pinning : null;
            var multiplier = body?.PinningMultiplier is >= 1m and var m ? m : EndpointModelInfo.MultiplierOf(pinning);
            return new EndpointModelInfo(endpoint.Region, capacity, body?.Capacity?.MaxBatchSize, body?.Capacity?.MaxContainers, pinning, multiplier, now);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is HttpRequestException or JsonException or OperationCanceledException or TimeoutRejectedException or BrokenCircuitException)
        {
            return Failed(ex.Message);
        }
    }

    private static async Task<InferenceOutcome> ReadOutcomeAsync(HttpResponseMessage response, RegionEndpoint endpoint, RequestCounter counter, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (AuthFailure(response, endpoint) is { } auth)
        {
            return InferenceOutcome.Failure(auth.Code, $"{auth.Message} ({Truncate(text, 200)})", status, counter.Count);
        }
        if (!response.IsSuccessStatusCode)
        {
            return InferenceOutcome.Failure($"http_{status}", $"HTTP {status} {response.ReasonPhrase}: {Truncate(text, 500)}", status, counter.Count);
        }

        InferenceResponseBody? body;
        try
        {
            body = JsonSerializer.Deserialize<InferenceResponseBody>(text, ProtocolJson.Options);
        }
        catch (JsonException ex)
        {
            return InferenceOutcome.Failure("malformed_response", $"The reply is not valid JSON ({ex.Message}): {Truncate(text, 200)}", status, counter.Count);
        }

        if (body?.Success is null)
        {
            return InferenceOutcome.Failure("malformed_response", $"The reply has no 'success' field: {Truncate(text, 200)}", status, counter.Count);
        }

        var receipt = body.Receipt is { ValueKind: JsonValueKind.Object } r ? r.GetRawText() : null;
        var emulated = body.Receipt is { ValueKind: JsonValueKind.Object } e
            && e.TryGetProperty("emulated", out var flag) && flag.ValueKind == JsonValueKind.True;
        var placement = ReadPlacement(body);

        if (body.Success == false)
        {
            return new InferenceOutcome
            {
                Answered = false,
                ErrorCode = body.ErrorCode ?? "endpoint_error",
                ErrorMessage = body.Error ?? "The endpoint reported a failure without a message.",
                ReportedRegion = body.Region,
                Placement = placement,
                InferenceSeconds = body.InferenceTime,
                HttpStatus = status,
                Moderated = body.Moderated == true || body.ErrorCode == "moderation",
                ReceiptJson = receipt,
                Emulated = emulated,
                HttpRequests = counter.Count,
            };
        }

        var answered = !string.IsNullOrWhiteSpace(body.Response);
        return new InferenceOutcome
        {
            Answered = answered,
            Response = body.Response,
            ReportedModel = body.Model,
            ReportedRegion = body.Region,
            Placement = placement,
            InferenceSeconds = body.InferenceTime,
            TokensGenerated = body.TokensGenerated,
            ReceiptJson = receipt,
            Emulated = emulated,
            HttpStatus = status,
            ErrorCode = answered ? null : "empty_response",
            ErrorMessage = answered ? null : "The endpoint reported success but returned no text.",
            HttpRequests = counter.Count,
        }.RejectingDegenerateOutput();
    }

    /// <summary>
    /// The request as bytes, so it goes with a Content-Length: a streamed body goes chunked, and a server or proxy that
    /// reads only Content-Length would see an empty body and answer 400 to every call. Bytes can also be sent again by
    /// the resilience pipeline's retries.
    /// </summary>
    internal static ByteArrayContent JsonBody<T>(T body)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(body, ProtocolJson.Options));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    /// <summary>
    /// Where the container ran: "placement" {provider, region} (top level on a failure, in the receipt on a success), or
    /// an older endpoint's receipt "modal_region" (and "cloud_provider"). Values are kept as reported, never completed.
    /// </summary>
    private static CloudPlacement? ReadPlacement(InferenceResponseBody body)
    {
        var receipt = body.Receipt is { ValueKind: JsonValueKind.Object } r ? r : (JsonElement?)null;
        var placement = body.Placement is { ValueKind: JsonValueKind.Object } p ? p
            : receipt is { } rc && rc.TryGetProperty("placement", out var rp) && rp.ValueKind == JsonValueKind.Object ? rp
            : (JsonElement?)null;
        var provider = placement is { } a ? Text(a, "provider") : receipt is { } b ? Text(b, "cloud_provider") : null;
        var region = placement is { } c ? Text(c, "region") : null;
        region ??= receipt is { } d ? Text(d, "modal_region") : null;
        return provider is null && region is null ? null : new CloudPlacement(provider, region);
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && value.GetString() is { Length: > 0 } text
            ? text
            : null;

    /// <summary>
    /// Sends the region's proxy auth token, but only to the endpoint's own host: a 303 result URL elsewhere (or any
    /// redirect target) never sees the secret.
    /// </summary>
    private static void Authorize(HttpRequestMessage request, RegionEndpoint endpoint)
    {
        if (endpoint.ProxyAuth is { } token && request.RequestUri is { } uri
            && (SameOrigin(uri, endpoint.InferenceUrl) || SameOrigin(uri, endpoint.HealthUrl)
                || (endpoint.ModelInfoUrl is { } modelInfo && SameOrigin(uri, modelInfo))))
        {
            token.AddTo(request);
        }
    }

    private static bool SameOrigin(Uri a, Uri b) =>
        Uri.Compare(a, b, UriComponents.SchemeAndServer, UriFormat.Unescaped, StringComparison.OrdinalIgnoreCase) == 0;

    /// <summary>
    /// Modal's proxy answers 401 (missing or invalid credentials) or 403 before the app sees the request. Which of our
    /// two codes applies depends on whether Beacon sent a token at all, so the message can say what to fix.
    /// </summary>
    private static (string Code, string Message)? AuthFailure(HttpResponseMessage response, RegionEndpoint endpoint)
    {
        if (response.StatusCode is not (HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden))
        {
            return null;
        }
        var status = (int)response.StatusCode;
        return endpoint.ProxyAuth is null
            ? (EndpointAuthMissing, $"HTTP {status}: the {endpoint.Region} endpoint requires Modal proxy auth and no token is configured. "
                + $"Set Beacon:Endpoints:Regions:{endpoint.Region}:ProxyTokenId and ProxyTokenSecret (or the shared Beacon:Endpoints:ProxyTokenId and ProxyTokenSecret) from the environment or a secret store.")
            : (EndpointAuthRefused, $"HTTP {status}: the {endpoint.Region} endpoint refused the configured Modal proxy auth token {endpoint.ProxyAuth.Id}. "
                + "Check that the token exists in the endpoint's Modal workspace and that id and secret belong together.");
    }

    private static InferenceOutcome WithEndpoint(InferenceOutcome outcome, RegionEndpoint endpoint) =>
        outcome with { Emulated = outcome.Emulated || endpoint.Emulated };

    private static void Tag(HttpRequestMessage request, RequestCounter counter, string region)
    {
        request.Options.Set(RequestCounter.Key, counter);
        request.Options.Set(RequestCounter.RegionKey, region);
    }

    private static string Describe(Exception ex) => ex is TimeoutRejectedException t ? $"attempt timeout {t.Timeout}" : "cell timeout";

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
