using Beacon.Core.Costs;

namespace Beacon.Infrastructure.Inference;

/// <summary>
/// A configured OpenAI-compatible server for one (model, region). <see cref="ToString"/> leaves the API key out, so
/// logging an endpoint never leaks it.
/// </summary>
public sealed record OpenAiEndpoint(
    string Name,
    string Region,
    string Model,
    Uri BaseUrl,
    string RemoteModel,
    string? ApiKey,
    bool Stream,
    int MaxConcurrency,
    string MaxTokensField,
    CostRate? Rate)
{
    public string Served => "openai:" + Name;

    public override string ToString() => $"{Served} ({Model}@{Region} -> {BaseUrl} as {RemoteModel})";
}
