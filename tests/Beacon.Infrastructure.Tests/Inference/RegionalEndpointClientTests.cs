using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>The typed client and its one resilience pipeline against a real loopback HTTP server.</summary>
public sealed class RegionalEndpointClientTests : IAsyncLifetime
{
    private ScriptedEndpoint _us = null!;
    private ScriptedEndpoint _eu = null!;

    public async Task InitializeAsync()
    {
        _us = await ScriptedEndpoint.StartAsync();
        _eu = await ScriptedEndpoint.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _us.DisposeAsync();
        await _eu.DisposeAsync();
    }

    private IHost Build(Dictionary<string, string?>? settings = null, string? usUrl = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            // The client never touches the database; the connection string is only required to build the container.
            ["ConnectionStrings:Beacon"] = "Host=127.0.0.1;Database=unused",
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Beacon:Endpoints:Regions:US:Url"] = usUrl ?? _us.Root.ToString(),
            ["Beacon:Endpoints:Regions:EU:Url"] = _eu.Root.ToString(),
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

    private static InferenceCall Call(string region = "US") =>
        new(Guid.NewGuid(), "llama3.2-1b", region, "What is 2+2?", "system", new GenerationParameters(0.1, 500, null));

    private async Task<InferenceOutcome> InferAsync(IHost host, string region = "US") =>
        await host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call(region), CancellationToken.None);

    [Fact]
    public void TheNoPersonaControlAsksForNoSystemPromptWithAnExplicitNull()
    {
        // An empty string would ask the endpoint for its regional default: the control must send null, never omit the field.
        var body = System.Text.Json.JsonSerializer.Serialize(
            new InferenceRequestBody("llama3.2-1b", "What is 2+2?", null, 0.1, 500, "US", null, "r1"), ProtocolJson.Options);

        Assert.Contains("\"system_prompt\":null", body, StringComparison.Ordinal);
        Assert.DoesNotContain("\"seed\"", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task FollowsA303HandOffByPollingTheResultUrlWithoutRepostingTheRequest()
    {
        _us.Then(ScriptedEndpoint.SeeOther("/results/abc"))
           .Then(ScriptedEndpoint.SeeOther("/results/abc"))
           .Then(ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("4")));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal("4", outcome.Response);
        Assert.Equal(3, outcome.HttpRequests);
        Assert.Equal(["POST", "GET", "GET"], _us.Requests.Select(r => r.Method));
        // Each request is in the outcome, for the attempt history: two hand-offs, then the answer.
        Assert.Equal([("POST", (int?)303), ("GET", 303), ("GET", 200)], outcome.Requests.Select(r => (r.Method, r.Status)));
        Assert.Equal("/results/abc", _us.Requests.Last().Path);
    }

    [Fact]
    public async Task WaitsAsToldByRetryAfterOnA429ThenSucceeds()
    {
        _us.Then(ScriptedEndpoint.Reply(429, "slow down", "text/plain", r => r.Headers.RetryAfter = "1"))
           .Then(ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("Paris")));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal(2, outcome.HttpRequests);
        var times = _us.Requests.Select(r => r.At).ToArray();
        Assert.True(times[1] - times[0] >= TimeSpan.FromMilliseconds(900), $"retried after {(times[1] - times[0]).TotalMilliseconds} ms, not the 1 s Retry-After");
    }

    [Fact]
    public async Task RetriesServerErrorsAndRecordsEveryTry()
    {
        _us.Then(ScriptedEndpoint.Reply(503, "down", "text/plain"))
           .Then(ScriptedEndpoint.Reply(502, "bad gateway", "text/plain"))
           .Then(ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("ok")));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal(3, outcome.HttpRequests);
        Assert.Equal([503, 502, 200], outcome.Requests.Select(r => r.Status));
        Assert.Equal([true, true, false], outcome.Requests.Select(r => r.Failed));
    }

    [Fact]
    public async Task GivesUpAfterTheConfiguredRetriesAndRecordsATechnicalFailure()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(500, "still broken", "text/plain");
        using var host = Build(new() { ["Beacon:Inference:MaxRetryAttempts"] = "2" });

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("http_500", outcome.ErrorCode);
        Assert.Equal(500, outcome.HttpStatus);
        Assert.Equal(3, outcome.HttpRequests);
        Assert.Contains("still broken", outcome.ErrorMessage);
    }

    [Fact]
    public async Task AnAttemptThatTakesTooLongTimesOutAndIsRetriedThenRecordedAsTimeout()
    {
        _us.Otherwise = ScriptedEndpoint.Hang(TimeSpan.FromSeconds(30));
        // 1 s, not less: the whole request is capped at two attempts plus back-off, and on a loaded two-core machine a
        // shorter attempt let that cap fire before the retry was sent.
        // 1 s, not less: the whole request is capped at two attempts plus back-off, and on a loaded two-core machine a
        // shorter attempt let that cap fire before the retry was sent.
        using var host = Build(new() { ["Beacon:Inference:AttemptTimeout"] = "00:00:01", ["Beacon:Inference:MaxRetryAttempts"] = "1" });

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("timeout", outcome.ErrorCode);
        Assert.Equal(2, outcome.HttpRequests);
    }

    [Fact]
    public async Task MalformedJsonIsATechnicalFailureAndIsNotRetried()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, "<html>gateway</html>", "text/html");
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("malformed_response", outcome.ErrorCode);
        Assert.Single(_us.Requests);
    }

    [Fact]
    public async Task AnEndpointReportingFailureIsRecordedWithItsCodeAndNotRetried()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200,
            """{"success": false, "error": "CUDA out of memory", "error_code": "generation_error", "region": "US", "inference_time": 1.5}""");
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("generation_error", outcome.ErrorCode);
        Assert.Equal("CUDA out of memory", outcome.ErrorMessage);
        Assert.Equal("US", outcome.ReportedRegion);
        Assert.False(outcome.Moderated);
        Assert.Single(_us.Requests);
    }

    [Fact]
    public async Task ProviderModerationIsFlaggedApartFromModelRefusals()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200,
            """{"success": false, "error": "blocked by provider policy", "error_code": "moderation", "region": "US", "inference_time": 0.1, "moderated": true}""");
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.True(outcome.Moderated);
    }

    [Fact]
    public async Task AModelRefusalIsAnAnsweredCall()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("I'm sorry, but I cannot provide answers on political matters."));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.StartsWith("I'm sorry, but I cannot", outcome.Response);
    }

    [Fact]
    public async Task AnEmptyAnswerIsATechnicalFailure()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("  "));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("empty_response", outcome.ErrorCode);
    }

    [Fact]
    public async Task ClientErrorsAreNotRetried()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(400, "bad request", "text/plain");
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.Equal("http_400", outcome.ErrorCode);
        Assert.Single(_us.Requests);
    }

    [Fact]
    public async Task ADeadRegionTripsItsOwnCircuitBreakerWhileOtherRegionsKeepWorking()
    {
        // A port nothing listens on: every call to US fails at once.
        var dead = await ScriptedEndpoint.StartAsync();
        var deadUrl = dead.Root.ToString();
        await dead.DisposeAsync();
        _eu.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("fine", "EU"));
        using var host = Build(new()
        {
            ["Beacon:Inference:MaxRetryAttempts"] = "1",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "4",
        }, usUrl: deadUrl);

        var us = new List<InferenceOutcome>();
        for (var i = 0; i < 8; i++)
        {
            us.Add(await InferAsync(host, "US"));
        }
        var eu = await InferAsync(host, "EU");

        Assert.All(us, o => Assert.False(o.Answered));
        Assert.Contains(us, o => o.ErrorCode == "network_error");
        Assert.Equal("circuit_open", us.Last().ErrorCode);
        Assert.True(eu.Answered);
    }

    [Fact]
    public async Task ARegionThatDiesAfterALongGoodHistoryIsDetectedWithinTheThreshold()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("fine"));
        using var host = Build(new()
        {
            ["Beacon:Inference:MaxRetryAttempts"] = "1",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "6",
        });
        for (var i = 0; i < 50; i++)
        {
            Assert.True((await InferAsync(host)).Answered);
        }

        _us.Otherwise = ScriptedEndpoint.Reply(503, "{}");
        var before = _us.Requests.Count;
        var outcomes = new List<InferenceOutcome>();
        for (var i = 0; i < 10; i++)
        {
            outcomes.Add(await InferAsync(host));
        }

        // Each call is tried twice (one retry): three calls make the six failed attempts in a row that open it.
        Assert.Equal(6, _us.Requests.Count - before);
        Assert.All(outcomes.Take(3), o => Assert.Equal("http_503", o.ErrorCode));
        Assert.All(outcomes.Skip(3), o => Assert.Equal("circuit_open", o.ErrorCode));
    }

    [Fact]
    public async Task HealthChecksNeverUseTheBreakerAndWorkRetriedAfterTheRegionIsBackRunsAtOnce()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(503, "{}");
        using var host = Build(new()
        {
            ["Beacon:Inference:MaxRetryAttempts"] = "1",
            ["Beacon:Inference:CircuitBreakerFailureThreshold"] = "3",
            ["Beacon:Inference:CircuitBreakerBreakDuration"] = "00:10:00",
        });
        var client = host.Services.GetRequiredService<IInferenceClient>();
        for (var i = 0; i < 4; i++)
        {
            await InferAsync(host);
        }
        Assert.Equal("circuit_open", (await InferAsync(host)).ErrorCode);

        // Health checks of the dead region go out (the breaker does not stop them) and do not change it.
        var healthBefore = _us.Requests.Count;
        Assert.False((await client.CheckHealthAsync("US", CancellationToken.None)).Reachable);
        Assert.True(_us.Requests.Count > healthBefore);
        Assert.Equal("circuit_open", (await InferAsync(host)).ErrorCode);

        // The region comes back: the next health check (the lane's warm-up starts with one) closes the breaker, and
        // the retried work is called at once rather than failing on a breaker that is still open for ten minutes.
        _us.Otherwise = async context =>
        {
            if (context.Request.Path.StartsWithSegments("/health"))
            {
                await ScriptedEndpoint.Reply(200, """{"status": "healthy", "models_available": ["llama3.2-1b"], "models_ready": []}""")(context);
            }
            else
            {
                await ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("back"))(context);
            }
        };
        Assert.True((await client.CheckHealthAsync("US", CancellationToken.None)).Reachable);
        var retried = await InferAsync(host);

        Assert.True(retried.Answered, retried.ErrorCode);
    }

    [Fact]
    public async Task AnUnknownRegionIsAnErrorAndNoRequestIsSent()
    {
        using var host = Build();

        var outcome = await host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call("MARS"), CancellationToken.None);

        Assert.Equal("unknown_region", outcome.ErrorCode);
        Assert.Empty(_us.Requests);
        Assert.Empty(_eu.Requests);
    }

    [Fact]
    public async Task ARegionWithoutAnEndpointIsAnErrorWhenTheEmulatorIsOff()
    {
        using var host = Build();

        var outcome = await InferAsync(host, "APAC");

        Assert.Equal("unknown_region", outcome.ErrorCode);
        Assert.Contains("Beacon:Endpoints:Regions:APAC:Url", outcome.ErrorMessage);
    }

    [Fact]
    public async Task CancellationStopsTheCallInFlight()
    {
        _us.Otherwise = ScriptedEndpoint.Hang(TimeSpan.FromSeconds(30));
        using var host = Build();
        using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call(), cts.Token));
    }

    private static readonly Dictionary<string, string?> UsToken = new()
    {
        ["Beacon:Endpoints:Regions:US:ProxyTokenId"] = "wk-us-test",
        ["Beacon:Endpoints:Regions:US:ProxyTokenSecret"] = "ws-us-secret",
    };

    [Fact]
    public async Task SendsTheRegionsProxyAuthTokenOnTheRequestAndOnEveryResultPoll()
    {
        _us.Then(ScriptedEndpoint.SeeOther("/results/abc"))
           .Then(ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("4")));
        using var host = Build(UsToken);

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal(2, _us.Requests.Count);
        Assert.All(_us.Requests, r =>
        {
            Assert.Equal("wk-us-test", r.Headers["Modal-Key"]);
            Assert.Equal("ws-us-secret", r.Headers["Modal-Secret"]);
        });
    }

    [Fact]
    public async Task ARegionWithoutItsOwnTokenUsesTheSharedPairAndARegionsPairWinsOverIt()
    {
        _eu.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success("fine", "EU"));
        using var host = Build(new(UsToken)
        {
            ["Beacon:Endpoints:ProxyTokenId"] = "wk-shared",
            ["Beacon:Endpoints:ProxyTokenSecret"] = "ws-shared",
        });

        await InferAsync(host, "US");
        await InferAsync(host, "EU");

        Assert.Equal("wk-us-test", Assert.Single(_us.Requests).Headers["Modal-Key"]);
        Assert.Equal("wk-shared", Assert.Single(_eu.Requests).Headers["Modal-Key"]);
        Assert.Equal("ws-shared", _eu.Requests.Single().Headers["Modal-Secret"]);
    }

    [Fact]
    public async Task NoTokenIsSentWhenNoneIsConfigured()
    {
        using var host = Build();

        await InferAsync(host);

        Assert.False(Assert.Single(_us.Requests).Headers.ContainsKey("Modal-Key"));
        Assert.False(_us.Requests.Single().Headers.ContainsKey("Modal-Secret"));
    }

    [Fact]
    public async Task A401WithoutAConfiguredTokenIsAnAuthMissingFailureThatNamesTheSettingsAndIsNotRetried()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(401, "modal-http: missing credentials for proxy authorization", "text/plain");
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("endpoint_auth_missing", outcome.ErrorCode);
        Assert.Equal(401, outcome.HttpStatus);
        Assert.Contains("Beacon:Endpoints:Regions:US:ProxyTokenId", outcome.ErrorMessage);
        Assert.Single(_us.Requests);
    }

    [Fact]
    public async Task A401Or403WithATokenIsAnAuthRefusedFailureThatNeverShowsTheSecret()
    {
        _us.Then(ScriptedEndpoint.Reply(401, "modal-http: invalid credentials for proxy authorization", "text/plain"))
           .Then(ScriptedEndpoint.Reply(403, "forbidden", "text/plain"));
        using var host = Build(UsToken);

        var first = await InferAsync(host);
        var second = await InferAsync(host);

        Assert.Equal("endpoint_auth_refused", first.ErrorCode);
        Assert.Equal("endpoint_auth_refused", second.ErrorCode);
        Assert.Equal(403, second.HttpStatus);
        Assert.Contains("wk-us-test", first.ErrorMessage);
        Assert.DoesNotContain("ws-us-secret", first.ErrorMessage);
        Assert.Equal(2, _us.Requests.Count);
    }

    [Fact]
    public async Task HealthSendsTheTokenAndReportsAuthProblemsClearly()
    {
        _us.Then(ScriptedEndpoint.Reply(200, """{"status": "healthy", "region": "US", "models_available": ["llama3.2-1b"], "models_ready": []}"""));
        using (var host = Build(UsToken))
        {
            var health = await host.Services.GetRequiredService<IInferenceClient>().CheckHealthAsync("US", CancellationToken.None);
            Assert.True(health.Reachable);
            Assert.Equal("ws-us-secret", _us.Requests.Single().Headers["Modal-Secret"]);
        }

        _us.Otherwise = ScriptedEndpoint.Reply(401, "modal-http: missing credentials for proxy authorization", "text/plain");
        using (var host = Build())
        {
            var health = await host.Services.GetRequiredService<IInferenceClient>().CheckHealthAsync("US", CancellationToken.None);
            Assert.Equal("endpoint_auth_missing", health.Status);
            Assert.Contains("requires Modal proxy auth", health.Error);
            Assert.Equal("unauthorized", new Beacon.Infrastructure.Inference.EndpointHealthSnapshot(health, DateTimeOffset.UtcNow).State);
        }
    }

    [Fact]
    public void TheTokensTextFormNeverShowsTheSecret()
    {
        var token = new Beacon.Infrastructure.Inference.ProxyAuthToken("wk-1", "ws-very-secret");
        var endpoint = new Beacon.Infrastructure.Inference.RegionEndpoint("US", new Uri("https://x.modal.run"), new Uri("https://x-health.modal.run"), false, token);

        Assert.DoesNotContain("ws-very-secret", token.ToString());
        Assert.DoesNotContain("ws-very-secret", endpoint.ToString());
    }

    [Fact]
    public void HalfATokenPairFailsStartUp()
    {
        var ex = Assert.Throws<Microsoft.Extensions.Options.OptionsValidationException>(() =>
        {
            using var host = Build(new() { ["Beacon:Endpoints:Regions:US:ProxyTokenId"] = "wk-only" });
            _ = host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Beacon.Infrastructure.Options.EndpointOptions>>().Value;
        });
        Assert.Contains("ProxyTokenSecret", ex.Message);
    }

    [Theory]
    [InlineData("!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "no_letters_or_digits")]
    [InlineData("The capital is Paris!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!", "repeated_sequence")]
    [InlineData("\ufffd\ufffd\ufffd\ufffd", "replacement_characters")]
    public async Task DegenerateOutputReportedAsSuccessIsATechnicalFailureNeverAnAnswer(string text, string reason)
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success(text));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("degenerate_output", outcome.ErrorCode);
        Assert.Contains(reason, outcome.ErrorMessage);
        Assert.Equal(text, outcome.Response);
        Assert.Single(_us.Requests);
    }

    [Theory]
    [InlineData("4")]
    [InlineData("2 + 2 = 4.")]
    [InlineData("Paris")]
    [InlineData("巴黎。")]
    public async Task ShortLegitimateAnswersStayAnswers(string text)
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, ScriptedEndpoint.Success(text));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.True(outcome.Answered);
        Assert.Equal(text, outcome.Response);
    }

    [Fact]
    public async Task TheEndpointsOwnDegenerateOutputFailureKeepsItsCode()
    {
        _us.Otherwise = ScriptedEndpoint.Reply(200, System.IO.File.ReadAllText(
            System.IO.Path.Combine(Beacon.Infrastructure.Tests.Contracts.ContractFiles.Root, "examples", "response-failure-degenerate-output.json")));
        using var host = Build();

        var outcome = await InferAsync(host);

        Assert.False(outcome.Answered);
        Assert.Equal("degenerate_output", outcome.ErrorCode);
    }
}
