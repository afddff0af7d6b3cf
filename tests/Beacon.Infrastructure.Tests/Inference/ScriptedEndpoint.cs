using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>A loopback HTTP server that answers each request with the next scripted response.</summary>
public sealed class ScriptedEndpoint : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<Func<HttpContext, Task>> _script = new();

    private ScriptedEndpoint(WebApplication app, Uri root)
    {
        _app = app;
        Root = root;
    }

    public Uri Root { get; }
    public ConcurrentQueue<(string Method, string Path, DateTimeOffset At, IReadOnlyDictionary<string, string> Headers)> Requests { get; } = new();
    public Func<HttpContext, Task> Otherwise { get; set; } = Reply(200, Success("default"));

    public static async Task<ScriptedEndpoint> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        ScriptedEndpoint? self = null;
        app.Run(async context =>
        {
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            self!.Requests.Enqueue((context.Request.Method, context.Request.Path, DateTimeOffset.UtcNow, headers));
            var next = self._script.TryDequeue(out var scripted) ? scripted : self.Otherwise;
            await next(context);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        self = new ScriptedEndpoint(app, new Uri(address.TrimEnd('/') + "/"));
        return self;
    }

    public ScriptedEndpoint Then(Func<HttpContext, Task> respond)
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

    public static Func<HttpContext, Task> SeeOther(string location) =>
        context =>
        {
            context.Response.StatusCode = 303;
            context.Response.Headers.Location = location;
            return Task.CompletedTask;
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
                return;
            }
            await Reply(200, Success("late"))(context);
        };

    public static string Success(string answer, string region = "US") =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            success = true,
            response = answer,
            model = "llama3.2-1b",
            region,
            inference_time = 0.5,
            tokens_generated = 3,
            receipt = new { request_id = "x", emulated = false },
        });

    public async ValueTask DisposeAsync()
    {
        // A client's pooled keep-alive connection would hold a graceful stop for the host's whole shutdown timeout (30 s
        // per test): give requests in flight half a second, then close what is still open.
        using var grace = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await _app.StopAsync(grace.Token);
        await _app.DisposeAsync();
    }
}
