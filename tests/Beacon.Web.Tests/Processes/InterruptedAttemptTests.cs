using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Web.Tests.Processes;

/// <summary>
/// A worker SIGKILLed while a call is in flight (issue 15, item 4): every request the endpoint received, the one cut
/// short included, is in the cell's attempt history with its request id.
/// </summary>
public sealed class InterruptedAttemptTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task ACellKilledMidCallKeepsBothAttemptsWithTheRequestIdsTheEndpointSaw()
    {
        await using var endpoint = await RecordingEndpoint.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Beacon:Endpoints:Regions:US:Url"] = endpoint.Root.ToString(),
            // A wide batching window: before the fix a cell's start waited in it while its call was already out, so a
            // kill inside it left no trace of that call.
            ["Beacon:Worker:WriteBatchDelayMs"] = "2000",
            ["Beacon:Worker:InvisibilityTimeout"] = "00:00:05",
        };
        var first = await BeaconProcess.StartAsync(_db.ConnectionString, settings);
        Guid id;
        using (var http = await first.CreateAdminClientAsync())
        {
            var created = await http.PostAsJsonAsync("api/jobs", new
            {
                questionIds = new[] { "tiananmen_neutral" },
                models = new[] { "llama3.2-1b" },
                regions = new[] { "US" },
                repeats = 1,
            });
            created.EnsureSuccessStatusCode();
            id = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        }

        // The endpoint holds the call; the worker dies the moment the endpoint has it.
        var cutShort = await endpoint.FirstCall.WaitAsync(TimeSpan.FromSeconds(90));
        first.Kill();
        await first.DisposeAsync();
        var atCrash = await CellAsync(id);
        Assert.Equal("Running", atCrash.Status);
        Assert.Equal(cutShort, atCrash.RequestId);

        endpoint.Hold = false;
        await using var second = await BeaconProcess.StartAsync(_db.ConnectionString, settings);
        await Eventually.WaitForAsync(() => _db.ScalarAsync<string>("SELECT status::text FROM jobs WHERE id = @id", ("id", id)),
            s => s is "Completed" or "Failed", TimeSpan.FromSeconds(90), "the job to finish after the restart");

        var after = await CellAsync(id);
        var received = endpoint.RequestIds.ToList();
        Assert.Equal(2, received.Count);
        Assert.Equal("Succeeded", after.Status);
        Assert.Equal(2, after.AttemptCount);
        using var history = JsonDocument.Parse(after.Attempts);
        var attempts = history.RootElement.EnumerateArray().ToList();
        Assert.Equal(2, attempts.Count);
        Assert.Equal("interrupted", attempts[0].GetProperty("outcome").GetString());
        Assert.Equal(received[0], attempts[0].GetProperty("request_id").GetGuid());
        Assert.Equal(1, attempts[0].GetProperty("attempt").GetInt32());
        Assert.Equal("succeeded", attempts[1].GetProperty("outcome").GetString());
        Assert.Equal(received[1], attempts[1].GetProperty("request_id").GetGuid());
        Assert.Equal(2, attempts[1].GetProperty("attempt").GetInt32());
        Assert.Equal(received[1], after.RequestId);
    }

    private sealed record Cell(string Status, int AttemptCount, Guid? RequestId, string Attempts);

    private async Task<Cell> CellAsync(Guid jobId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(_db.ConnectionString);
        await connection.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT status, attempt_count, request_id, attempts::text FROM executions WHERE job_id = @id", connection);
        cmd.Parameters.AddWithValue("id", jobId);
        await using var reader = await cmd.ExecuteReaderAsync();
        Assert.True(await reader.ReadAsync());
        return new Cell(reader.GetString(0), reader.GetInt32(1), reader.IsDBNull(2) ? null : reader.GetGuid(2), reader.GetString(3));
    }

    /// <summary>
    /// A region endpoint (Beacon's protocol) on loopback that records the request id of every inference call. While
    /// <see cref="Hold"/> is set it never answers (a long generation); otherwise it answers at once.
    /// </summary>
    private sealed class RecordingEndpoint : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly TaskCompletionSource<Guid> _first = new(TaskCreationOptions.RunContinuationsAsynchronously);

        private RecordingEndpoint(WebApplication app, Uri root)
        {
            _app = app;
            Root = root;
        }

        public Uri Root { get; }
        public ConcurrentQueue<Guid> RequestIds { get; } = new();
        public Task<Guid> FirstCall => _first.Task;
        public volatile bool Hold = true;

        public static async Task<RecordingEndpoint> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            RecordingEndpoint? self = null;
            app.MapGet("/health", () => Results.Json(new Dictionary<string, object>
            {
                ["status"] = "healthy", ["region"] = "us-east", ["models_available"] = new[] { "llama3.2-1b" }, ["models_ready"] = new[] { "llama3.2-1b" },
            }));
            app.MapPost("/", async (HttpContext context) =>
            {
                using var body = await JsonDocument.ParseAsync(context.Request.Body);
                var requestId = Guid.Parse(body.RootElement.GetProperty("request_id").GetString()!);
                self!.RequestIds.Enqueue(requestId);
                self._first.TrySetResult(requestId);
                while (self.Hold && !context.RequestAborted.IsCancellationRequested)
                {
                    await Task.Delay(100, CancellationToken.None);
                }
                return Results.Json(new Dictionary<string, object>
                {
                    ["success"] = true, ["response"] = "On June 4, 1989, the Chinese army cleared Tiananmen Square.", ["model"] = "llama3.2-1b",
                    ["region"] = "us-east", ["inference_time"] = 0.2, ["tokens_generated"] = 12,
                });
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            self = new RecordingEndpoint(app, new Uri(address.TrimEnd('/') + "/"));
            return self;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
