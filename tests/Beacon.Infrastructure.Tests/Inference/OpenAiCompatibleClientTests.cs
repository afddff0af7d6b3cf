using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>
/// OpenAI-compatible endpoints through the routing client, the OpenAI SDK and Beacon's resilience pipeline, against a
/// real loopback server that speaks the chat-completions protocol.
/// </summary>
public sealed class OpenAiCompatibleClientTests : IAsyncLifetime
{
    private const string ApiKey = "sk-beacon-test-7f3a9c1e";
    private const string RemoteModel = "Qwen/Qwen2.5-1.5B-Instruct";
    private const string SystemPrompt = "You are a helpful, honest, and harmless AI assistant based in Asia.";
    private OpenAiCompatibleServer _server = null!;
    private ScriptedEndpoint _apac = null!;

    public async Task InitializeAsync()
    {
        _server = await OpenAiCompatibleServer.StartAsync();
        _apac = await ScriptedEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        await _apac.DisposeAsync();
    }

    /// <summary>qwen2.5-1.5b@APAC goes to the fake OpenAI-compatible server; APAC's other models to a Beacon-protocol endpoint.</summary>
    private IHost Build(Dictionary<string, string?>? settings = null, bool stream = false, string? apiKey = ApiKey)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Beacon"] = "Host=127.0.0.1;Database=unused",
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Beacon:Endpoints:Regions:APAC:Url"] = _apac.Root.ToString(),
            ["Beacon:Endpoints:OpenAi:fake:Region"] = "APAC",
            ["Beacon:Endpoints:OpenAi:fake:Model"] = "qwen2.5-1.5b",
            ["Beacon:Endpoints:OpenAi:fake:BaseUrl"] = _server.BaseUrl,
            ["Beacon:Endpoints:OpenAi:fake:RemoteModel"] = RemoteModel,
            ["Beacon:Endpoints:OpenAi:fake:ApiKey"] = apiKey,
            ["Beacon:Endpoints:OpenAi:fake:Stream"] = stream ? "true" : "false",
            ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.010",
            ["Beacon:Inference:AttemptTimeout"] = "00:00:05",
        };
        foreach (var (k, v) in settings ?? [])
        {
            values[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddBeaconInfrastructure();
        return builder.Build();
    }

    private static InferenceCall Call(string model = "qwen2.5-1.5b", string region = "APAC", GenerationParameters? parameters = null) =>
        new(Guid.NewGuid(), model, region, "What is the capital of France?", SystemPrompt, parameters ?? new GenerationParameters(0.1, 500, null));

    private static async Task<InferenceOutcome> InferAsync(IHost host, InferenceCall? call = null) =>
        await host.Services.GetRequiredService<IInferenceClient>().InferAsync(call ?? Call(), CancellationToken.None);

    private static JsonElement Receipt(InferenceOutcome outcome) => JsonDocument.Parse(outcome.ReceiptJson!).RootElement;

    [Fact]
    public async Task StreamingOffAndOnStoreTheSameAnswerTokensAndFinishReason()
    {
        using var plain = Build(stream: false);
        using var streamed = Build(stream: true);

        var a = await InferAsync(plain);
        var b = await InferAsync(streamed);

        Assert.True(a.Answered);
        Assert.True(b.Answered);
        Assert.Equal("The capital of France is Paris, a city on the Seine.", a.Response);
        Assert.Equal(a.Response, b.Response);
        Assert.Equal(a.TokensGenerated, b.TokensGenerated);
        Assert.Equal(a.PromptTokens, b.PromptTokens);
        Assert.Equal(11, b.TokensGenerated);
        Assert.Equal("APAC", a.ReportedRegion);
        Assert.Equal("APAC", b.ReportedRegion);
        Assert.False(a.Emulated);
        var requests = _server.Completions;
        Assert.False(requests[0].Json.TryGetProperty("stream", out var s0) && s0.GetBoolean());
        Assert.True(requests[1].Json.GetProperty("stream").GetBoolean());
        Assert.False(Receipt(a).GetProperty("streamed").GetBoolean());
        Assert.True(Receipt(b).GetProperty("streamed").GetBoolean());
        foreach (var receipt in new[] { Receipt(a), Receipt(b) })
        {
            Assert.Equal("openai-chat-completions", receipt.GetProperty("protocol").GetString());
            Assert.Equal("fake", receipt.GetProperty("endpoint").GetString());
            Assert.Equal(RemoteModel, receipt.GetProperty("served_model").GetString());
            Assert.Equal("stop", receipt.GetProperty("finish_reason").GetString());
            Assert.Equal("fp_beacon_fake", receipt.GetProperty("system_fingerprint").GetString());
            Assert.Equal(11, receipt.GetProperty("usage").GetProperty("completion_tokens").GetInt32());
        }
    }

    [Fact]
    public async Task TheNoPersonaControlSendsNoSystemMessage()
    {
        using var host = Build();

        var outcome = await InferAsync(host, Call() with { SystemPrompt = "" });

        Assert.True(outcome.Answered);
        var message = Assert.Single(Assert.Single(_server.Completions).Json.GetProperty("messages").EnumerateArray().ToList());
        Assert.Equal("user", message.GetProperty("role").GetString());
    }

    [Fact]
    public async Task SendsExactlyTheStoredSystemPromptQuestionAndParameters()
    {
        using var host = Build();

        var outcome = await InferAsync(host, Call(parameters: new GenerationParameters(0.7, 321, 9)));

        Assert.True(outcome.Answered);
        var body = Assert.Single(_server.Completions).Json;
        Assert.Equal(RemoteModel, body.GetProperty("model").GetString());
        var messages = body.GetProperty("messages").EnumerateArray().ToList();
        Assert.Equal(2, messages.Count);
        Assert.Equal("system", messages[0].GetProperty("role").GetString());
        Assert.Equal(SystemPrompt, messages[0].GetProperty("content").GetString());
        Assert.Equal("user", messages[1].GetProperty("role").GetString());
        Assert.Equal("What is the capital of France?", messages[1].GetProperty("content").GetString());
        Assert.Equal(0.7, body.GetProperty("temperature").GetDouble(), 6);
        Assert.Equal(321, body.GetProperty("max_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_completion_tokens", out _));
        Assert.Equal(9, body.GetProperty("seed").GetInt32());
    }

    [Fact]
    public async Task CanSendTheTokenLimitAsMaxCompletionTokensForServersThatWantIt()
    {
        using var host = Build(new() { ["Beacon:Endpoints:OpenAi:fake:MaxTokensField"] = "max_completion_tokens" });

        await InferAsync(host, Call(parameters: new GenerationParameters(0.1, 77, null)));

        var body = Assert.Single(_server.Completions).Json;
        Assert.Equal(77, body.GetProperty("max_completion_tokens").GetInt32());
        Assert.False(body.TryGetProperty("max_tokens", out _));
        Assert.False(body.TryGetProperty("seed", out _));
    }

    [Fact]
    public async Task TheApiKeyIsSentAsABearerTokenAndNeverStoredInTheOutcome()
    {
        using var host = Build();

        var ok = await InferAsync(host);
        _server.Then(OpenAiCompatibleServer.Reply(401, """{"error": {"message": "Incorrect API key provided", "type": "invalid_request_error"}}"""));
        var rejected = await InferAsync(host);

        Assert.All(_server.Completions, r => Assert.Equal("Bearer " + ApiKey, r.Authorization));
        Assert.True(ok.Answered);
        Assert.Equal("http_401", rejected.ErrorCode);
        foreach (var outcome in new[] { ok, rejected })
        {
            Assert.DoesNotContain(ApiKey, JsonSerializer.Serialize(outcome));
        }
    }

    [Fact]
    public async Task AServerWithoutAKeyGetsNoAuthorizationHeader()
    {
        using var host = Build(apiKey: null);

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal("", Assert.Single(_server.Completions).Authorization);
    }

    [Fact]
    public async Task WaitsAsToldByRetryAfterOnA429ThenSucceeds()
    {
        _server.Then(OpenAiCompatibleServer.Reply(429, """{"error": {"message": "Rate limit reached"}}""", headers: r => r.Headers.RetryAfter = "1"));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal(2, outcome.HttpRequests);
        var times = _server.Completions.Select(r => r.At).ToArray();
        Assert.Equal(2, times.Length);
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms, not the 1 s Retry-After");
    }

    [Fact]
    public async Task AServerErrorIsRetriedAndTheNextAnswerKept()
    {
        _server.Then(OpenAiCompatibleServer.Reply(500, """{"error": {"message": "CUDA error: out of memory"}}"""));
        using var host = Build(stream: true);

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal("The capital of France is Paris, a city on the Seine.", outcome.Response);
        Assert.Equal(2, outcome.HttpRequests);
        Assert.Equal(2, _server.Completions.Count);
    }

    [Fact]
    public async Task APersistentServerErrorIsATechnicalFailureWithTheServersMessage()
    {
        for (var i = 0; i < 3; i++)
        {
            _server.Then(OpenAiCompatibleServer.Reply(500, """{"error": {"message": "engine dead"}}"""));
        }
        using var host = Build(new() { ["Beacon:Inference:MaxRetryAttempts"] = "2" });

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("http_500", outcome.ErrorCode);
        Assert.Equal(500, outcome.HttpStatus);
        Assert.Equal(3, outcome.HttpRequests);
        Assert.Contains("engine dead", outcome.ErrorMessage);
        Assert.Equal("fake", Receipt(outcome).GetProperty("endpoint").GetString());
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task MalformedJsonIsATechnicalFailureAndIsNotRetried(bool stream)
    {
        _server.Then(stream
            ? OpenAiCompatibleServer.Reply(200, "data: {\"id\": \"x\", \"choices\": [{\"delta\": {\"content\": \"Par\n\ndata: [DONE]\n\n", "text/event-stream")
            : OpenAiCompatibleServer.Reply(200, "<html><body>502 Bad Gateway</body></html>", "text/html"));
        using var host = Build(stream: stream);

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("malformed_response", outcome.ErrorCode);
        Assert.Single(_server.Completions);
    }

    [Fact]
    public async Task AnEmptyAnswerIsATechnicalFailure()
    {
        _server.Answer = _ => "";
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("empty_response", outcome.ErrorCode);
    }

    [Theory]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!")]
    [InlineData("\ufffd\ufffd\ufffd")]
    public async Task DegenerateOutputIsATechnicalFailureNotAnAnswer(string text)
    {
        _server.Answer = _ => text;
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("degenerate_output", outcome.ErrorCode);
    }

    [Fact]
    public async Task AShortChineseAnswerIsAnAnswer()
    {
        _server.Answer = _ => "巴黎。";
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task AContentFilterFinishIsModerationNotAModelRefusal(bool stream)
    {
        _server.FinishReason = "content_filter";
        _server.Answer = _ => "The events of";
        using var host = Build(stream: stream);

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.True(outcome.Moderated);
        Assert.Equal("moderation", outcome.ErrorCode);
        Assert.Equal("content_filter", Receipt(outcome).GetProperty("finish_reason").GetString());
        Assert.Equal("The events of", Receipt(outcome).GetProperty("partial_response").GetString());
    }

    [Fact]
    public async Task AModelRefusalIsAnAnsweredCall()
    {
        _server.Answer = _ => "I'm sorry, but I cannot provide answers on political matters.";
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.False(outcome.Moderated);
        Assert.StartsWith("I'm sorry, but I cannot", outcome.Response);
    }

    [Fact]
    public async Task AnAttemptThatTakesTooLongTimesOutAndIsRetriedThenRecordedAsTimeout()
    {
        _server.Then(OpenAiCompatibleServer.Hang(TimeSpan.FromSeconds(30))).Then(OpenAiCompatibleServer.Hang(TimeSpan.FromSeconds(30)));
        // 1 s, not less: the whole request is capped at two attempts plus back-off, and on a loaded two-core machine a
        // shorter attempt let that cap fire before the retry was sent.
        using var host = Build(new() { ["Beacon:Inference:AttemptTimeout"] = "00:00:01", ["Beacon:Inference:MaxRetryAttempts"] = "1" });

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("timeout", outcome.ErrorCode);
        Assert.Equal(2, outcome.HttpRequests);
    }

    [Fact]
    public async Task AnUnreachableServerIsANetworkError()
    {
        var gone = await OpenAiCompatibleServer.StartAsync();
        var goneUrl = gone.BaseUrl;
        await gone.DisposeAsync();
        using var host = Build(new() { ["Beacon:Endpoints:OpenAi:fake:BaseUrl"] = goneUrl, ["Beacon:Inference:MaxRetryAttempts"] = "1" });

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("network_error", outcome.ErrorCode);
        Assert.Equal(2, outcome.HttpRequests);
    }

    [Fact]
    public async Task ServerReportedTimingsAreTheInferenceSecondsWhenGiven()
    {
        _server.Timings = (120.0, 1380.0);
        using var host = Build(stream: true);

        var outcome = await InferAsync(host);

        Assert.Equal(1.5, outcome.InferenceSeconds);
        Assert.Equal("server", Receipt(outcome).GetProperty("timing_source").GetString());
    }

    [Fact]
    public async Task OnlyTheConfiguredModelAndRegionGoToTheOpenAiServer()
    {
        _apac.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("Modal answer", "APAC"));
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:Url"] = _apac.Root + "us/" });

        var qwenApac = await InferAsync(host, Call("qwen2.5-1.5b", "APAC"));
        var llamaApac = await InferAsync(host, Call("llama3.2-1b", "APAC"));
        var qwenEu = await InferAsync(host, Call("qwen2.5-1.5b", "EU"));

        Assert.Equal("The capital of France is Paris, a city on the Seine.", qwenApac.Response);
        Assert.Equal("Modal answer", llamaApac.Response);
        // EU has no endpoint at all (and the emulator is off): an error, never APAC's OpenAI server.
        Assert.Equal("unknown_region", qwenEu.ErrorCode);
        Assert.Single(_server.Completions);
        Assert.Single(_apac.Requests);
    }

    [Fact]
    public async Task HealthListsTheModelWhenTheServerListsItsRemoteModel()
    {
        _apac.Otherwise = ScriptedEndpoint.Reply(200, """{"status": "healthy", "region": "APAC", "models_available": ["llama3.2-1b", "qwen2.5-1.5b"], "models_ready": ["llama3.2-1b", "qwen2.5-1.5b"]}""");
        using var host = Build();
        var client = host.Services.GetRequiredService<IInferenceClient>();

        var listed = await client.CheckHealthAsync("APAC", CancellationToken.None);
        _server.ListedModels = ["some-other-model"];
        var unlisted = await client.CheckHealthAsync("APAC", CancellationToken.None);

        Assert.Contains(_server.Requests, r => r is { Method: "GET", Path: "/v1/models" });
        Assert.True(listed.Reachable);
        Assert.Equal("healthy", listed.Status);
        Assert.Contains("qwen2.5-1.5b", listed.ModelsReady);
        Assert.True(unlisted.Reachable);
        Assert.Equal("degraded", unlisted.Status);
        Assert.DoesNotContain("qwen2.5-1.5b", unlisted.ModelsReady);
        Assert.Contains("llama3.2-1b", unlisted.ModelsReady);
        Assert.Contains("does not list 'Qwen/Qwen2.5-1.5B-Instruct'", unlisted.Error);
    }

    [Fact]
    public async Task HealthOfADeadServerSaysSoWithoutHidingTheRegionsOtherModels()
    {
        var gone = await OpenAiCompatibleServer.StartAsync();
        var goneUrl = gone.BaseUrl;
        await gone.DisposeAsync();
        _apac.Otherwise = ScriptedEndpoint.Reply(200, """{"status": "healthy", "region": "APAC", "models_available": ["llama3.2-1b"], "models_ready": ["llama3.2-1b"]}""");
        using var host = Build(new() { ["Beacon:Endpoints:OpenAi:fake:BaseUrl"] = goneUrl, ["Beacon:Inference:MaxRetryAttempts"] = "1" });

        var health = await host.Services.GetRequiredService<IInferenceClient>().CheckHealthAsync("APAC", CancellationToken.None);

        Assert.Equal("degraded", health.Status);
        Assert.Equal(["llama3.2-1b"], health.ModelsReady);
        Assert.Contains("openai:fake", health.Error);
    }

    [Theory]
    [InlineData("Region", "asia-pacific", "Region 'asia-pacific' is not one of US, EU, APAC")]
    [InlineData("Model", "qwen", "Model 'qwen' is not one of")]
    [InlineData("BaseUrl", "localhost:8000/v1", "BaseUrl must be an absolute http(s) URL")]
    [InlineData("RemoteModel", "", "RemoteModel is required")]
    public void AnInvalidEndpointStopsStartUpNamingTheKey(string key, string value, string message)
    {
        using var host = Build(new() { [$"Beacon:Endpoints:OpenAi:fake:{key}"] = value });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("Beacon:Endpoints:OpenAi:fake:" + key, StringComparison.Ordinal) && f.Contains(message, StringComparison.Ordinal));
    }

    [Fact]
    public void TwoServersForTheSameModelAndRegionAreRejected()
    {
        using var host = Build(new()
        {
            ["Beacon:Endpoints:OpenAi:second:Region"] = "APAC",
            ["Beacon:Endpoints:OpenAi:second:Model"] = "qwen2.5-1.5b",
            ["Beacon:Endpoints:OpenAi:second:BaseUrl"] = "http://127.0.0.1:9/v1",
            ["Beacon:Endpoints:OpenAi:second:RemoteModel"] = "qwen",
        });

        var error = Assert.Throws<OptionsValidationException>(() => host.Services.GetRequiredService<IOptions<EndpointOptions>>().Value);

        Assert.Contains(error.Failures, f => f.Contains("both serve qwen2.5-1.5b@APAC", StringComparison.Ordinal));
    }
}
