using System.ClientModel;
using System.ClientModel.Primitives;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using Polly.CircuitBreaker;
using Polly.Timeout;
using ChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Beacon.Infrastructure.Judge;

/// <summary>
/// Asks the configured LLM judge (<see cref="JudgeOptions"/>) for the class of one answer, through
/// Microsoft.Extensions.AI over the OpenAI SDK on Beacon's own HttpClient, like <see cref="OpenAiCompatibleClient"/>:
/// its own resilience pipeline (retries honouring Retry-After, a timeout per call), the SDK's retries off. Temperature 0,
/// the rubric as system prompt. Every failure becomes a verdict with an error; only cancellation propagates.
/// </summary>
public sealed class JudgeClient(HttpClient http, IOptions<JudgeOptions> options, ILogger<JudgeClient> logger)
{
    /// <summary>Tags the judge's requests for the resilience pipeline (it has one circuit breaker of its own).</summary>
    public const string PipelineKey = "judge";

    private const string NoKeyPlaceholder = "none";

    public string? Model => options.Value.IsConfigured ? options.Value.Model!.Trim() : null;

    public async Task<JudgeCall> JudgeAsync(string question, string answer, CancellationToken cancellationToken)
    {
        var judge = options.Value;
        if (!judge.IsConfigured)
        {
            throw new InvalidOperationException($"No LLM judge is configured ({JudgeOptions.SectionName}:BaseUrl and :Model).");
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(judge.CallTimeout);
        var chat = CreateClient(judge).GetChatClient(judge.Model!.Trim()).AsIChatClient();
        List<ChatMessage> messages = [new(ChatRole.System, JudgeRubric.Instructions), new(ChatRole.User, JudgeRubric.Message(question, answer))];
        var chatOptions = new ChatOptions
        {
            Temperature = 0,
            // max_tokens, which every OpenAI-compatible server reads (see OpenAiCompatibleClient).
            RawRepresentationFactory = _ =>
            {
                var completionOptions = new ChatCompletionOptions();
#pragma warning disable SCME0001
                completionOptions.Patch.Set("$.max_tokens"u8, judge.MaxOutputTokens);
#pragma warning restore SCME0001
                return completionOptions;
            },
        };
        try
        {
            var response = await chat.GetResponseAsync(messages, chatOptions, timeout.Token);
            var raw = response.Text;
            var input = ToInt(response.Usage?.InputTokenCount);
            var output = ToInt(response.Usage?.OutputTokenCount);
            return new JudgeCall(JudgeVerdict.Parse(raw), raw, input, output, Cost(judge, input, output));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex)
        {
            return new JudgeCall(new JudgeVerdict(null, null, Describe(ex)), null, null, null, null);
        }
    }

    private OpenAIClient CreateClient(JudgeOptions judge)
    {
        var apiKey = string.IsNullOrWhiteSpace(judge.ApiKey) ? null : judge.ApiKey.Trim();
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(judge.BaseUrl!.Trim()),
            Transport = new TaggedPipelineTransport(http, new RequestCounter(), PipelineKey, sendAuthorization: apiKey is not null),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = judge.CallTimeout,
        };
        return new OpenAIClient(new ApiKeyCredential(apiKey ?? NoKeyPlaceholder), clientOptions);
    }

    private static decimal? Cost(JudgeOptions judge, int? input, int? output)
    {
        if (judge.UsdPerMillionInputTokens is null && judge.UsdPerMillionOutputTokens is null)
        {
            return null;
        }
        if (input is null && output is null)
        {
            return null;
        }
        return ((input ?? 0) * (judge.UsdPerMillionInputTokens ?? 0) + (output ?? 0) * (judge.UsdPerMillionOutputTokens ?? 0)) / 1_000_000m;
    }

    private string Describe(Exception ex)
    {
        switch (ex)
        {
            case OperationCanceledException or TimeoutRejectedException:
                return $"timeout: no verdict within {options.Value.CallTimeout.TotalSeconds:0.#} s.";
            case BrokenCircuitException:
                return "circuit_open: the judge is failing; calls are paused.";
            case ClientResultException { Status: > 0 } result:
                return $"http_{result.Status}: {Truncate(SafeContent(result.GetRawResponse()), 300)}";
            case ClientResultException { InnerException: { } inner }:
                return Describe(inner);
            case HttpRequestException network:
                logger.LogWarning(network, "Network error calling the judge");
                return $"network_error: {Truncate(network.Message, 300)}";
            default:
                logger.LogWarning(ex, "Unexpected error calling the judge");
                return $"client_error: {ex.GetType().Name}: {Truncate(ex.Message, 300)}";
        }
    }

    private static string SafeContent(PipelineResponse? response)
    {
        try
        {
            return response?.Content.ToString() ?? "";
        }
        catch (InvalidOperationException)
        {
            return "";
        }
    }

    private static int? ToInt(long? value) => value is null ? null : (int)Math.Min(value.Value, int.MaxValue);

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max] + "…";
}
