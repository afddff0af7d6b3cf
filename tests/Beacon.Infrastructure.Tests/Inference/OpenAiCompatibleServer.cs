using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>
/// A small OpenAI-compatible server on loopback, as vLLM or llama.cpp's server would answer: POST /v1/chat/completions
/// (plain JSON, or SSE chunks then <c>data: [DONE]</c> when the request says <c>stream: true</c>) and GET /v1/models.
/// Every request is recorded with its body and Authorization header; scripted responses replace the next answers.
/// </summary>
public sealed class OpenAiCompatibleServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();
    private int _completions;

    private OpenAiCompatibleServer(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    public Uri Root { get; }

    /// <summary>What to configure as BaseUrl.</summary>
    public string BaseUrl => Root + "v1";

    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    public IReadOnlyList<ReceivedRequest> Completions => Requests.Where(r => r.Path == "/v1/chat/completions").ToList();

    /// <summary>The answer to a request (its parsed body); by default a fixed sentence.</summary>
    public Func<JsonElement, string> Answer { get; set; } = _ => "The capital of France is Paris, a city on the Seine.";

    public string ServedModel { get; set; } = "Qwen/Qwen2.5-1.5B-Instruct";
    public IReadOnlyList<string> ListedModels { get; set; } = ["Qwen/Qwen2.5-1.5B-Instruct"];
    public string FinishReason { get; set; } = "stop";
    public string? SystemFingerprint { get; set; } = "fp_beacon_fake";

    /// <summary>llama.cpp-style "timings" to include (milliseconds), or none.</summary>
    public (double PromptMs, double PredictedMs)? Timings { get; set; }

    public static async Task<OpenAiCompatibleServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        OpenAiCompatibleServer? self = null;
        app.Run(async context =>
        {
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            self!.Requests.Enqueue(new ReceivedRequest(
                context.Request.Method, context.Request.Path, body, context.Request.Headers.Authorization.ToString(), DateTimeOffset.UtcNow));
            if (self._script.TryDequeue(out var scripted))
            {
                await scripted(context);
                return;
            }
            await self.ServeAsync(context, body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new OpenAiCompatibleServer(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public OpenAiCompatibleServer Then(Func<HttpContext, Task> respond)
    {
        _script.Enqueue(respond);
        return this;
    }

    public static Func<HttpContext, Task> Reply(int status, string body, string contentType = "application/json", Action<HttpResponse>? headers = null) =>
        async context =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = contentType;
            headers?.Invoke(context.Response);
            await context.Response.WriteAsync(body);
        };

    public static Func<HttpContext, Task> Hang(TimeSpan delay) =>
        async context =>
        {
            try
            {
                await Task.Delay(delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
            }
        };

    private async Task ServeAsync(HttpContext context, string body)
    {
        switch (context.Request.Method, context.Request.Path.Value)
        {
            case ("GET", "/v1/models"):
                await context.Response.WriteAsJsonAsync(new
                {
                    @object = "list",
                    data = ListedModels.Select(id => new { id, @object = "model", created = 1_700_000_000, owned_by = "fake" }),
                });
                return;
            case ("POST", "/v1/chat/completions"):
                using (var request = JsonDocument.Parse(body))
                {
                    var root = request.RootElement;
                    var answer = Answer(root);
                    var promptTokens = root.GetProperty("messages").EnumerateArray()
                        .Sum(m => (m.GetProperty("content").GetString() ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
                    var completionTokens = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
                    var id = $"chatcmpl-{Interlocked.Increment(ref _completions)}";
                    if (root.TryGetProperty("stream", out var stream) && stream.GetBoolean())
                    {
                        var includeUsage = root.TryGetProperty("stream_options", out var so) && so.TryGetProperty("include_usage", out var iu) && iu.GetBoolean();
                        await StreamAsync(context, id, answer, promptTokens, completionTokens, includeUsage);
                    }
                    else
                    {
                        await context.Response.WriteAsync(JsonSerializer.Serialize(Completion(id, answer, promptTokens, completionTokens)));
                    }
                }
                return;
            default:
                context.Response.StatusCode = 404;
                await context.Response.WriteAsJsonAsync(new { error = new { message = "not found", type = "invalid_request_error" } });
                return;
        }
    }

    private Dictionary<string, object?> Completion(string id, string answer, int promptTokens, int completionTokens)
    {
        var completion = new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "chat.completion",
            ["created"] = 1_700_000_000,
            ["model"] = ServedModel,
            ["system_fingerprint"] = SystemFingerprint,
            ["choices"] = new[]
            {
                new { index = 0, message = new { role = "assistant", content = answer }, finish_reason = FinishReason },
            },
            ["usage"] = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
        };
        if (Timings is { } t)
        {
            completion["timings"] = new { prompt_ms = t.PromptMs, predicted_ms = t.PredictedMs };
        }
        return completion;
    }

    private async Task StreamAsync(HttpContext context, string id, string answer, int promptTokens, int completionTokens, bool includeUsage)
    {
        context.Response.ContentType = "text/event-stream";
        async Task SendAsync(object chunk)
        {
            await context.Response.WriteAsync("data: " + JsonSerializer.Serialize(chunk) + "\n\n");
            await context.Response.Body.FlushAsync();
        }
        object Chunk(object delta, string? finishReason, Dictionary<string, object?>? extra = null)
        {
            var chunk = new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = ServedModel,
                ["system_fingerprint"] = SystemFingerprint,
                ["choices"] = new[] { new { index = 0, delta, finish_reason = finishReason } },
            };
            foreach (var (k, v) in extra ?? [])
            {
                chunk[k] = v;
            }
            return chunk;
        }

        await SendAsync(Chunk(new { role = "assistant", content = "" }, null));
        // A few characters per chunk, as servers stream tokens: the pieces must join back to the exact answer.
        for (var i = 0; i < answer.Length; i += 7)
        {
            await SendAsync(Chunk(new { content = answer.Substring(i, Math.Min(7, answer.Length - i)) }, null));
        }
        var timings = Timings is { } t
            ? new Dictionary<string, object?> { ["timings"] = new { prompt_ms = t.PromptMs, predicted_ms = t.PredictedMs } }
            : null;
        await SendAsync(Chunk(new { }, FinishReason, timings));
        if (includeUsage)
        {
            await SendAsync(new Dictionary<string, object?>
            {
                ["id"] = id,
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = ServedModel,
                ["system_fingerprint"] = SystemFingerprint,
                ["choices"] = Array.Empty<object>(),
                ["usage"] = new { prompt_tokens = promptTokens, completion_tokens = completionTokens, total_tokens = promptTokens + completionTokens },
            });
        }
        await context.Response.WriteAsync("data: [DONE]\n\n");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
