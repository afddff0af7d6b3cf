using Beacon.Core.Abstractions;

namespace Beacon.Core.Analysis;

/// <summary>
/// What the classifier looks at for one execution. <paramref name="Answered"/>, <paramref name="ErrorCode"/> and
/// <paramref name="Moderated"/> come from the endpoint (<see cref="InferenceOutcome"/>); <paramref name="Question"/> is
/// optional and only used so that words which merely echo the question do not count as content.
/// </summary>
public sealed record ClassificationInput(
    string? Answer,
    bool Answered,
    string? ErrorCode = null,
    bool Moderated = false,
    string? Question = null)
{
    public static ClassificationInput From(InferenceOutcome outcome, string? question = null)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        return new ClassificationInput(outcome.Response, outcome.Answered, outcome.ErrorCode, outcome.Moderated, question);
    }
}
