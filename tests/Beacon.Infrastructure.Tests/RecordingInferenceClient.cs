using System.Collections.Concurrent;
using Beacon.Core.Abstractions;

namespace Beacon.Infrastructure.Tests;

/// <summary>Stands in for a regional endpoint where a test must know exactly which calls were made.</summary>
public sealed class RecordingInferenceClient(Func<InferenceCall, CancellationToken, Task<InferenceOutcome>>? answer = null) : IInferenceClient
{
    public ConcurrentBag<InferenceCall> Calls { get; } = [];

    public async Task<InferenceOutcome> InferAsync(InferenceCall call, CancellationToken cancellationToken)
    {
        if (call.Parameters.MaxTokens > 1)
        {
            Calls.Add(call);
        }
        return answer is null
            ? new InferenceOutcome { Answered = true, Response = $"answer to {call.Prompt}", ReportedRegion = call.Region }
            : await answer(call, cancellationToken);
    }

    public Task<EndpointHealth> CheckHealthAsync(string region, CancellationToken cancellationToken) =>
        Task.FromResult(new EndpointHealth(region, true, "healthy", ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"], ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"], false, 0, null));
}
