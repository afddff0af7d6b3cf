using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Beacon.Core.Catalog;
using Beacon.Core.Placement;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Options;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Emulator;

/// <summary>
/// Built-in emulated regional endpoints, served over real HTTP on loopback with the same protocol as the Modal
/// app, so the same client and resilience pipeline are exercised. Routes: POST /{region}/, GET /{region}/health,
/// GET /{region}/models, GET /{region}/results/{id} (303 hand-off polling).
/// </summary>
public sealed class EmulatorServer(IOptions<EmulatorOptions> options, ILogger<EmulatorServer> logger) : IHostedService, IAsyncDisposable
{
    private readonly TaskCompletionSource<Uri> _baseAddress = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, byte> _warm = new();
    private readonly ConcurrentDictionary<string, Task<string>> _handOffs = new();
    private readonly Lock _randomLock = new();
    private Random _random = new(options.Value.Seed);
    private WebApplication? _app;
    private int _started;

    public EmulatorOptions Options => options.Value;

    public Task<Uri> GetBaseAddressAsync(CancellationToken cancellationToken) => StartIfNeededAsync(cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) =>
        options.Value.Enabled ? StartIfNeededAsync(cancellationToken) : Task.CompletedTask;

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
    }

    private async Task<Uri> StartIfNeededAsync(CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _started, 1) == 1)
        {
            return await _baseAddress.Task.WaitAsync(cancellationToken);
        }

        try
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls($"http://127.0.0.1:{options.Value.Port}");
            var app = builder.Build();
            Map(app);
            await app.StartAsync(cancellationToken);
            _app = app;
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            var uri = new Uri(address.TrimEnd('/') + "/");
            logger.LogInformation("Emulated regional endpoints listening on {Address} (US, EU, APAC)", uri);
            _baseAddress.TrySetResult(uri);
            return uri;
        }
        catch (Exception ex)
        {
            _baseAddress.TrySetException(ex);
            throw;
        }
    }

    private void Map(WebApplication app)
    {
        app.MapPost("/{region}/", InferAsync);
        app.MapGet("/{region}/health", (string region) => Health(region));
        app.MapGet("/{region}/models", (string region) => Models(region));
        app.MapGet("/{region}/results/{id}", PollAsync);
    }

    private async Task<IResult> InferAsync(string region, HttpContext context)
    {
        var started = Stopwatch.GetTimestamp();
        var code = region.ToUpperInvariant();
        InferenceRequestBody? body;
        try
        {
            body = await JsonSerializer.DeserializeAsync<InferenceRequestBody>(context.Request.Body, ProtocolJson.Options, context.RequestAborted);
        }
        catch (JsonException ex)
        {
            return Results.Json(Failure(code, "invalid_request", "Body is not valid JSON: " + ex.Message, 0));
        }

        if (body is null || string.IsNullOrWhiteSpace(body.Prompt) || string.IsNullOrWhiteSpace(body.Model) || string.IsNullOrWhiteSpace(body.RequestId))
        {
            return Results.Json(Failure(code, "invalid_request", "model, prompt and request_id are required.", 0));
        }
        if (BuiltInCatalog.FindRegion(code) is null)
        {
            return Results.Json(Failure(code, "invalid_request", $"This emulator has no region '{region}'.", 0), statusCode: 404);
        }
        if (!string.Equals(body.Region, code, StringComparison.Ordinal))
        {
            // Never serve another region's work: say so instead.
            return Results.Json(Failure(code, "wrong_region", $"This is the {code} endpoint; the request asked for '{body.Region}'.", 0));
        }
        if (BuiltInCatalog.Models.All(m => m.Id != body.Model))
        {
            return Results.Json(Failure(code, "unknown_model", $"Model '{body.Model}' is not served here.", 0));
        }

        var fault = NextFault();
        switch (fault)
        {
            case Fault.ServerError:
                await Task.Delay(Latency() / 4, context.RequestAborted);
                return Results.Text("emulated upstream failure", statusCode: 503);
            case Fault.RateLimited:
                context.Response.Headers.RetryAfter = "1";
                return Results.Text("emulated rate limit", statusCode: 429);
            case Fault.Malformed:
                return Results.Text("<html>emulated gateway page</html>", "text/html", statusCode: 200);
            case Fault.HandOff:
                var id = Guid.NewGuid().ToString("N");
                _handOffs[id] = Task.Run(() => AnswerAsync(code, body, started, CancellationToken.None));
                return SeeOther($"/{region}/results/{id}");
            default:
                return Results.Text(await AnswerAsync(code, body, started, context.RequestAborted), "application/json");
        }
    }

    private async Task<IResult> PollAsync(string region, string id, CancellationToken cancellationToken)
    {
        if (!_handOffs.TryGetValue(id, out var pending))
        {
            return Results.NotFound();
        }
        var wait = Task.Delay(options.Value.HandOffPollMs, cancellationToken);
        if (await Task.WhenAny(pending, wait) != pending)
        {
            return SeeOther($"/{region}/results/{id}");
        }
        _handOffs.TryRemove(id, out _);
        return Results.Text(await pending, "application/json");
    }

    private static IResult SeeOther(string location) => new SeeOtherResult(location);

    private async Task<string> AnswerAsync(string region, InferenceRequestBody body, long started, CancellationToken cancellationToken)
    {
        var coldStart = _warm.TryAdd($"{body.Model}|{region}", 0);
        var delay = Latency() + (coldStart ? options.Value.ColdStartMs : 0);
        if (delay > 0)
        {
            await Task.Delay(delay, cancellationToken);
        }
        var startedAt = DateTimeOffset.UtcNow.AddMilliseconds(-delay);
        var answer = EmulatedAnswers.For(body.Prompt, body.Model, region);
        var seconds = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var definition = BuiltInCatalog.Models.First(m => m.Id == body.Model);
        var placement = PlacementOf(region);
        var response = new
        {
            success = true,
            response = answer,
            model = body.Model,
            region,
            inference_time = seconds,
            tokens_generated = Math.Min(body.MaxTokens, answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length + 1),
            receipt = new
            {
                request_id = body.RequestId,
                app_name = "beacon-emulator-" + region.ToLowerInvariant(),
                region,
                modal_region = placement.Region,
                placement = new { provider = placement.Provider, region = placement.Region },
                model = body.Model,
                hf_repo = definition.HuggingFaceRepo,
                model_revision = "emulated",
                parameters = new { temperature = body.Temperature, max_tokens = body.MaxTokens, seed = body.Seed },
                started_at = startedAt.ToString("O"),
                finished_at = DateTimeOffset.UtcNow.ToString("O"),
                load_seconds = coldStart ? options.Value.ColdStartMs / 1000.0 : 0.0,
                inference_seconds = seconds,
                prompt_tokens = ((body.SystemPrompt?.Length ?? 0) + body.Prompt.Length) / 4,
                system_prompt_source = body.SystemPrompt is null ? "none" : "request",
                cold_start = coldStart,
                gpu = (string?)null,
                emulated = true,
            },
        };
        return JsonSerializer.Serialize(response);
    }

    private IResult Health(string region)
    {
        var code = region.ToUpperInvariant();
        if (BuiltInCatalog.FindRegion(code) is null)
        {
            return Results.NotFound();
        }
        var ready = BuiltInCatalog.Models.Where(m => _warm.ContainsKey($"{m.Id}|{code}")).Select(m => m.Id).ToArray();
        return Results.Json(new
        {
            status = "healthy",
            region = code,
            models_available = BuiltInCatalog.Models.Select(m => m.Id).ToArray(),
            models_ready = ready,
            modal_region = PlacementOf(code).Region,
            emulated = true,
        });
    }

    private IResult Models(string region)
    {
        var code = region.ToUpperInvariant();
        return Results.Json(new
        {
            region = code,
            models = BuiltInCatalog.Models.Select(m => new
            {
                id = m.Id,
                hf_repo = m.HuggingFaceRepo,
                context_length = m.ContextLength,
                quantization = "emulated",
                loaded = _warm.ContainsKey($"{m.Id}|{code}"),
            }),
        });
    }

    /// <summary>
    /// Where this emulated region says it runs: a plausible cloud region inside it (the receipt says emulated), or the
    /// configured misplacement (<see cref="EmulatorOptions.Misplace"/>).
    /// </summary>
    private CloudPlacement PlacementOf(string region) =>
        options.Value.Misplace.TryGetValue(region, out var misplaced) && CloudPlacement.Parse(misplaced) is { } placement
            ? placement
            : PlausiblePlacements.GetValueOrDefault(region) ?? new CloudPlacement(null, null);

    // One per region, from CloudRegionTable; EU reports a GCP zone, as a GCP container does.
    private static readonly Dictionary<string, CloudPlacement> PlausiblePlacements = new(StringComparer.Ordinal)
    {
        ["US"] = new("aws", "us-east-1"),
        ["EU"] = new("gcp", "europe-west4-a"),
        ["APAC"] = new("aws", "ap-northeast-1"),
    };

    private static object Failure(string region, string code, string message, double seconds) =>
        new { success = false, error = message, error_code = code, region, inference_time = seconds };

    private Fault NextFault()
    {
        double roll;
        lock (_randomLock)
        {
            roll = _random.NextDouble();
        }
        var o = options.Value;
        if ((roll -= o.ServerErrorRate) < 0) return Fault.ServerError;
        if ((roll -= o.RateLimitRate) < 0) return Fault.RateLimited;
        if ((roll -= o.MalformedRate) < 0) return Fault.Malformed;
        if ((roll -= o.HandOffRate) < 0) return Fault.HandOff;
        return Fault.None;
    }

    private int Latency()
    {
        var o = options.Value;
        if (o.MaxLatencyMs <= o.MinLatencyMs)
        {
            return o.MinLatencyMs;
        }
        lock (_randomLock)
        {
            return _random.Next(o.MinLatencyMs, o.MaxLatencyMs);
        }
    }

    /// <summary>Resets warm state and randomness (tests and the dashboard's "reset emulator").</summary>
    public void Reset()
    {
        _warm.Clear();
        lock (_randomLock)
        {
            _random = new Random(options.Value.Seed);
        }
    }

    private enum Fault
    {
        None,
        ServerError,
        RateLimited,
        Malformed,
        HandOff,
    }

    private sealed class SeeOtherResult(string location) : IResult
    {
        public Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.StatusCode = StatusCodes.Status303SeeOther;
            httpContext.Response.Headers.Location = location;
            return Task.CompletedTask;
        }
    }
}
