namespace Beacon.Core.Abstractions;

/// <summary>The process boundary to a regional model endpoint. Implementations never throw for a failed call:
/// a failure is an outcome to record. Only cancellation propagates.</summary>
public interface IInferenceClient
{
    Task<InferenceOutcome> InferAsync(InferenceCall call, CancellationToken cancellationToken);

    Task<EndpointHealth> CheckHealthAsync(string region, CancellationToken cancellationToken);
}
