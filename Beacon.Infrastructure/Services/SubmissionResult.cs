using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Services;

/// <summary>A created (or, for a repeated Idempotency-Key, the existing) job, or validation errors by field.</summary>
public sealed record SubmissionResult(Job? Job, bool Existing, IReadOnlyDictionary<string, string[]> Errors)
{
    public bool IsValid => Job is not null;
}
