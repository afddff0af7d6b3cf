namespace Beacon.Infrastructure.Services;

/// <summary>
/// One item of the review queue: the question and answer as plain text, where it came from, and the reviewer's own
/// label (null until labelled). <see cref="ClassifierClass"/> is here for the page to reveal after the reviewer answers;
/// the API leaves it out until then (blind review).
/// </summary>
public sealed record ReviewQueueItem(
    long ItemId,
    int Position,
    long ExecutionId,
    string QuestionId,
    string Question,
    string Answer,
    string Model,
    string Region,
    string Language,
    string ClassifierClass,
    ReviewerLabel? Mine)
{
    /// <summary>The job the answer belongs to.</summary>
    public Guid JobId { get; init; }
}
