using System.ClientModel;
using System.ClientModel.Primitives;
using System.Diagnostics;
using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ChatFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// Calls an OpenAI-compatible chat-completions server through Microsoft.Extensions.AI's <see cref="IChatClient"/> over
/// the OpenAI SDK, whose transport is Beacon's own HttpClient: the same resilience pipeline (retries honouring
/// Retry-After, attempt timeouts, a circuit breaker per region) as the Beacon-protocol client. The SDK's own retries
/// are off so the two never multiply. Every failure becomes an outcome; only cancellation propagates.
/// </summary>
public sealed class OpenAiCompatibleClient(
    HttpClient http, IOptions<InferenceOptions> options, RegionBreakers breakers, TimeProvider time, ILogger<OpenAiCompatibleClient> logger)
{
    public const string Protocol = "openai-chat-completions";

    // The SDK insists on a credential; for a server without a key the header is removed before sending.
    private const string NoKeyPlaceholder = "none";

    public async Task<InferenceOutcome> InferAsync(OpenAiEndpoint endpoint, InferenceCall call, CancellationToken cancellationToken)
    {
        var counter = new RequestCounter();
        var outcome = await InferAsync(endpoint, call, counter, cancellationToken);
        return outcome with { Requests = counter.Tries };
    }

    private async Task<InferenceOutcome> InferAsync(OpenAiEndpoint endpoint, InferenceCall call, RequestCounter counter, CancellationToken cancellationToken)
    {
        using var cellTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cellTimeout.CancelAfter(options.Value.CellTimeout);
        var chat = CreateClient(endpoint, counter).GetChatClient(endpoint.RemoteModel).AsIChatClient();
        // The "none" persona sends no system message at all, not an empty one.
        List<ChatMessage> messages = call.SystemPrompt.Length == 0
            ? [new(ChatRole.User, call.Prompt)]
            : [new(ChatRole.System, call.SystemPrompt), new(ChatRole.User, call.Prompt)];
        var chatOptions = ChatOptionsFor(endpoint, call.Parameters);
        var startedAt = time.GetUtcNow();
        var started = Stopwatch.GetTimestamp();
        try
        {
            ChatResponse response;
            var raw = new List<object>();
            if (endpoint.Stream)
            {
                var updates = new List<ChatResponseUpdate>();
                await foreach (var update in chat.GetStreamingResponseAsync(messages, chatOptions, cellTimeout.Token))
                {
                    updates.Add(update);
                    if (update.RawRepresentation is { } r)
                    {
                        raw.Add(r);
                    }
                }
                response = updates.ToChatResponse();
            }
            else
            {
                response = await chat.GetResponseAsync(messages, chatOptions, cellTimeout.Token);
                if (response.RawRepresentation is { } r)
                {
                    raw.Add(r);
                }
            }
            var elapsed = Stopwatch.GetElapsedTime(started);
            return ToOutcome(endpoint, call, response, raw, startedAt, elapsed, counter.Count);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var outcome = ToFailure(ex, endpoint, counter.Count);
            var seconds = Math.Round(Stopwatch.GetElapsedTime(started).TotalSeconds, 3);
            return outcome with
            {
                ReportedRegion = endpoint.Region,
                PlacementDeclared = true,
                InferenceSeconds = outcome.HttpRequests > 0 ? seconds : null,
                ReceiptJson = Receipt(endpoint, call, startedAt, seconds, new { error_code = outcome.ErrorCode, http_status = outcome.HttpStatus }),
            };
        }
    }

    /// <summary>GET &lt;BaseUrl&gt;/models: is the server up, and does it list the remote model?</summary>
    public async Task<OpenAiEndpointHealth> CheckHealthAsync(OpenAiEndpoint endpoint, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            // A health check informs and never counts for the breaker; a server that answers it closes the breaker.
            var models = await CreateClient(endpoint, new RequestCounter(), probe: true).GetOpenAIModelClient().GetModelsAsync(cancellationToken);
            breakers.For(RegionBreakers.OpenAiProtocol, endpoint.Region).Reset();
            var ids = models.Value.Select(m => m.Id).ToList();
            var listed = ids.Contains(endpoint.RemoteModel, StringComparer.Ordinal);
            return new OpenAiEndpointHealth(endpoint, true, listed, ids, Stopwatch.GetElapsedTime(started).TotalSeconds,
                listed ? null : $"{endpoint.Served}: the server does not list '{endpoint.RemoteModel}'.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            var failure = ToFailure(ex, endpoint, 1);
            return new OpenAiEndpointHealth(endpoint, false, false, [], Stopwatch.GetElapsedTime(started).TotalSeconds,
                $"{endpoint.Served}: {failure.ErrorCode}: {failure.ErrorMessage}");
        }
    }

    private OpenAIClient CreateClient(OpenAiEndpoint endpoint, RequestCounter counter, bool probe = false)
    {
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = endpoint.BaseUrl,
            Transport = new TaggedPipelineTransport(http, counter, endpoint.Region, sendAuthorization: endpoint.ApiKey is not null, probe),
            // Beacon's resilience pipeline retries; the SDK's own retries would multiply with it.
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            // The cell timeout (a cancellation token) is the limit; the SDK's 100 s default would cut slow cold starts.
            NetworkTimeout = options.Value.CellTimeout,
        };
        return new OpenAIClient(new ApiKeyCredential(endpoint.ApiKey ?? NoKeyPlaceholder), clientOptions);
    }

    private static ChatOptions ChatOptionsFor(OpenAiEndpoint endpoint, GenerationParameters parameters)
    {
        var chatOptions = new ChatOptions { Temperature = (float)parameters.Temperature, Seed = parameters.Seed };
        if (endpoint.MaxTokensField == OpenAiEndpointOptions.MaxTokensFieldCurrent)
        {
            chatOptions.MaxOutputTokens = parameters.MaxTokens;
        }
        else
        {
            // The SDK only writes max_completion_tokens, which vLLM, Ollama and llama.cpp builds in use do not all read;
            // max_tokens is what every OpenAI-compatible server understands. JsonPatch is the SDK's way to add a field.
            chatOptions.RawRepresentationFactory = _ =>
            {
                var completionOptions = new ChatCompletionOptions();
#pragma warning disable SCME0001
                completionOptions.Patch.Set("$.max_tokens"u8, parameters.MaxTokens);
#pragma warning restore SCME0001
                return completionOptions;
            };
        }
        return chatOptions;
    }

    private InferenceOutcome ToOutcome(
        OpenAiEndpoint endpoint, InferenceCall call, ChatResponse response, List<object> raw, DateTimeOffset startedAt, TimeSpan elapsed, int httpRequests)
    {
        var serverTimings = ServerTimings(raw);
        var seconds = Math.Round(serverTimings?.Seconds ?? elapsed.TotalSeconds, 3);
        var finishReason = response.FinishReason?.Value;
        var fingerprint = raw.Select(SystemFingerprint).LastOrDefault(f => f is not null);
        var text = response.Text;
        var receipt = Receipt(endpoint, call, startedAt, Math.Round(elapsed.TotalSeconds, 3), new
        {
            response_id = response.ResponseId,
            served_model = response.ModelId,
            finish_reason = finishReason,
            usage = response.Usage is { } u
                ? new { prompt_tokens = u.InputTokenCount, completion_tokens = u.OutputTokenCount, total_tokens = u.TotalTokenCount }
                : null,
            system_fingerprint = fingerprint,
            timing_source = serverTimings is null ? "measured" : "server",
            server_timings = serverTimings?.Raw,
            partial_response = response.FinishReason == ChatFinishReason.ContentFilter && text.Length > 0 ? text : null,
        });
        var promptTokens = ToInt(response.Usage?.InputTokenCount);
        var tokens = ToInt(response.Usage?.OutputTokenCount);

        if (response.FinishReason == ChatFinishReason.ContentFilter)
        {
            // The provider's filter stopped the answer: moderation, kept apart from a model's own refusal.
            return new InferenceOutcome
            {
                Answered = false,
                ErrorCode = "moderation",
                ErrorMessage = $"{endpoint.Served} stopped the answer with finish reason content_filter.",
                ReportedModel = call.Model,
                ReportedRegion = endpoint.Region,
                PlacementDeclared = true,
                InferenceSeconds = seconds,
                PromptTokens = promptTokens,
                TokensGenerated = tokens,
                HttpStatus = 200,
                Moderated = true,
                ReceiptJson = receipt,
                HttpRequests = httpRequests,
            };
        }

        var answered = !string.IsNullOrWhiteSpace(text);
        if (!answered)
        {
            logger.LogWarning("{Endpoint} returned no text for {Model}@{Region} (finish reason {FinishReason})", endpoint.Served, call.Model, call.Region, finishReason);
        }
        return new InferenceOutcome
        {
            Answered = answered,
            Response = answered ? text : null,
            // The Beacon model this server stands for; the server's own name for it is in the receipt.
            ReportedModel = call.Model,
            ReportedRegion = endpoint.Region,
            PlacementDeclared = true,
            InferenceSeconds = seconds,
            PromptTokens = promptTokens,
            TokensGenerated = tokens,
            ReceiptJson = receipt,
            HttpStatus = 200,
            ErrorCode = answered ? null : "empty_response",
            ErrorMessage = answered ? null : $"{endpoint.Served} returned no text (finish reason {finishReason ?? "none"}).",
            HttpRequests = httpRequests,
        }.RejectingDegenerateOutput();
    }

    private InferenceOutcome ToFailure(Exception ex, OpenAiEndpoint endpoint, int httpRequests)
    {
        switch (ex)
        {
            case OperationCanceledException or TimeoutRejectedException:
                return InferenceOutcome.Failure("timeout",
                    $"No answer within the allowed time ({(ex is TimeoutRejectedException t ? $"attempt timeout {t.Timeout}" : "cell timeout")}).",
                    httpRequests: httpRequests);
            case BrokenCircuitException:
                return InferenceOutcome.Failure("circuit_open", $"Region {endpoint.Region} is failing; calls are paused ({ex.Message}).", httpRequests: httpRequests);
            case ClientResultException { Status: > 0 } result:
                var body = result.GetRawResponse() is { } response ? SafeContent(response) : "";
                return InferenceOutcome.Failure($"http_{result.Status}",
                    $"HTTP {result.Status} {result.GetRawResponse()?.ReasonPhrase}: {Truncate(body, 500)}", result.Status, httpRequests);
            case ClientResultException { InnerException: { } inner }:
                return ToFailure(inner, endpoint, httpRequests);
            case HttpRequestException network:
                logger.LogWarning(network, "Network error calling {Endpoint}", endpoint.Served);
                return InferenceOutcome.Failure("network_error", network.Message, (int?)network.StatusCode, httpRequests);
            case JsonException or FormatException or InvalidOperationException or KeyNotFoundException:
                // The server answered 2xx with something that is not a chat completion (an HTML page, a truncated body).
                return InferenceOutcome.Failure("malformed_response",
                    $"{endpoint.Served} replied with something that is not a chat completion ({ex.GetType().Name}: {Truncate(ex.Message, 300)}).",
                    200, httpRequests);
            default:
                logger.LogWarning(ex, "Unexpected error calling {Endpoint}", endpoint.Served);
                return InferenceOutcome.Failure("client_error", $"{ex.GetType().Name}: {Truncate(ex.Message, 500)}", httpRequests: httpRequests);
        }
    }

    private static string Receipt(OpenAiEndpoint endpoint, InferenceCall? call, DateTimeOffset startedAt, double durationSeconds, object details)
    {
        var common = new Dictionary<string, object?>
        {
            ["protocol"] = Protocol,
            ["endpoint"] = endpoint.Name,
            ["base_url"] = PublicUrl(endpoint.BaseUrl),
            ["region"] = endpoint.Region,
            ["model"] = endpoint.Model,
            ["remote_model"] = endpoint.RemoteModel,
            ["streamed"] = endpoint.Stream,
            ["request_id"] = call?.RequestId,
            ["parameters"] = call is null ? null : new
            {
                temperature = call.Parameters.Temperature,
                max_tokens = call.Parameters.MaxTokens,
                max_tokens_field = endpoint.MaxTokensField,
                seed = call.Parameters.Seed,
            },
            ["started_at"] = startedAt,
            ["duration_seconds"] = durationSeconds,
            ["emulated"] = false,
        };
        foreach (var property in JsonSerializer.SerializeToElement(details, ProtocolJson.Options).EnumerateObject())
        {
            common[property.Name] = property.Value;
        }
        return JsonSerializer.Serialize(common, ProtocolJson.Options);
    }

    /// <summary>
    /// llama.cpp's server reports "timings" (prompt_ms, predicted_ms): the server's own time for the call. It comes with
    /// the completion, or in the last chunks of a stream.
    /// </summary>
    private static (double Seconds, JsonElement Raw)? ServerTimings(List<object> raw)
    {
        foreach (var item in Enumerable.Reverse(raw).Take(3))
        {
            var json = item switch
            {
                ChatCompletion completion => ModelReaderWriter.Write(completion),
                StreamingChatCompletionUpdate update => ModelReaderWriter.Write(update),
                _ => null,
            };
            if (json is null)
            {
                continue;
            }
            using var document = JsonDocument.Parse(json);
            if (document.RootElement.TryGetProperty("timings", out var timings) && timings.ValueKind == JsonValueKind.Object)
            {
                var ms = (timings.TryGetProperty("prompt_ms", out var p) && p.TryGetDouble(out var pm) ? pm : 0)
                    + (timings.TryGetProperty("predicted_ms", out var g) && g.TryGetDouble(out var gm) ? gm : 0);
                if (ms > 0)
                {
                    return (ms / 1000.0, timings.Clone());
                }
            }
        }
        return null;
    }

    private static string? SystemFingerprint(object raw) => raw switch
    {
        ChatCompletion completion => completion.SystemFingerprint,
        StreamingChatCompletionUpdate update => update.SystemFingerprint,
        _ => null,
    };

    private static string SafeContent(PipelineResponse response)
    {
        try
        {
            return response.Content.ToString();
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private static string PublicUrl(Uri url) => new UriBuilder(url) { UserName = "", Password = "", Query = "" }.Uri.ToString().TrimEnd('/');

    private static int? ToInt(long? value) => value is null ? null : (int)Math.Min(value.Value, int.MaxValue);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
