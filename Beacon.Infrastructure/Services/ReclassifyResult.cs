namespace Beacon.Infrastructure.Services;

/// <summary>
/// What re-classifying a job did: how many finished executions were examined, how many changed class, how many stored
/// records were rewritten (class, version, rule or evidence), and how many of the changed ones are overridden (their
/// override still decides).
/// </summary>
public sealed record ReclassifyResult(JobActionOutcome Outcome, string ClassifierVersion, int Examined, int ClassChanged, int Updated, int ChangedButOverridden, string Message)
{
    /// <summary>Whether the LLM judge was asked to classify the answers too (in the background).</summary>
    public bool JudgeQueued { get; init; }
}
