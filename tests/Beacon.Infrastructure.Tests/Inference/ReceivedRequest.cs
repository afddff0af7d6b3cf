using System.Text.Json;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>One request the fake OpenAI-compatible server received, with its raw body and Authorization header.</summary>
public sealed record ReceivedRequest(string Method, string Path, string Body, string Authorization, DateTimeOffset At)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;
}
