using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// One item of the caller's review queue. Blind: <see cref="ClassifierClass"/> is null until the caller has labelled
/// (or skipped) the item.
/// </summary>
public sealed record ReviewItemResponse(
    long ItemId, int Position, long ExecutionId, string QuestionId, string Question, string Answer, string Model, string Region,
    string Language, string? ClassifierClass, ReviewerLabel? Label, Guid JobId)
{
    public static ReviewItemResponse From(ReviewQueueItem i) =>
        new(i.ItemId, i.Position, i.ExecutionId, i.QuestionId, i.Question, i.Answer, i.Model, i.Region, i.Language,
            i.Mine is null ? null : i.ClassifierClass, i.Mine, i.JobId);
}
