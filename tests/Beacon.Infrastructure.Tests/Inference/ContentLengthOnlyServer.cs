using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>
/// A raw HTTP/1.1 server on loopback that reads a request body only by its Content-Length, as some servers and proxies
/// do: a chunked body (Transfer-Encoding: chunked) or a POST without Content-Length gets 400. One request per connection.
/// </summary>
public sealed class ContentLengthOnlyServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    private ContentLengthOnlyServer(Func<string, string, string> respond)
    {
        _listener.Start();
        Root = new Uri($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/");
        _loop = Task.Run(() => AcceptAsync(respond));
    }

    public Uri Root { get; }

    /// <summary>Each request: method and path, its headers (lower-case names) and the body read by Content-Length.</summary>
    public ConcurrentQueue<(string Method, string Path, IReadOnlyDictionary<string, string> Headers, string Body, int Status)> Requests { get; } = new();

    /// <param name="respond">(path, body) to the JSON of a 200 answer.</param>
    public static ContentLengthOnlyServer Start(Func<string, string, string> respond) => new(respond);

    private async Task AcceptAsync(Func<string, string, string> respond)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            _ = Task.Run(() => ServeAsync(client, respond));
        }
    }

    private async Task ServeAsync(TcpClient client, Func<string, string, string> respond)
    {
        using (client)
        {
            var stream = client.GetStream();
            var head = await ReadHeadAsync(stream);
            var lines = head.Split("\r\n");
            var requestLine = lines[0].Split(' ');
            var headers = lines.Skip(1).Where(l => l.Contains(':', StringComparison.Ordinal))
                .Select(l => l.Split(':', 2))
                .GroupBy(p => p[0].Trim().ToLowerInvariant())
                .ToDictionary(g => g.Key, g => g.First()[1].Trim());
            var (method, path) = (requestLine[0], requestLine[1]);

            int status;
            string body = "", reply;
            if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
            {
                (status, reply) = (400, "{\"error\":\"chunked request bodies are not read here\"}");
            }
            else if (method == "POST" && !headers.ContainsKey("content-length"))
            {
                (status, reply) = (400, "{\"error\":\"Content-Length required\"}");
            }
            else
            {
                var length = headers.TryGetValue("content-length", out var text) ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : 0;
                var buffer = new byte[length];
                await stream.ReadExactlyAsync(buffer);
                body = Encoding.UTF8.GetString(buffer);
                (status, reply) = (200, respond(path, body));
            }
            Requests.Enqueue((method, path, headers, body, status));
            var payload = Encoding.UTF8.GetBytes(reply);
            var response = $"HTTP/1.1 {status} {(status == 200 ? "OK" : "Bad Request")}\r\nContent-Type: application/json\r\n" +
                $"Content-Length: {payload.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(response));
            await stream.WriteAsync(payload);
            await stream.FlushAsync();
        }
    }

    private static async Task<string> ReadHeadAsync(NetworkStream stream)
    {
        var head = new List<byte>();
        var one = new byte[1];
        while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
        {
            if (await stream.ReadAsync(one) == 0)
            {
                break;
            }
            head.Add(one[0]);
        }
        return Encoding.ASCII.GetString(head.ToArray());
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _loop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }
}
