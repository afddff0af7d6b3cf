using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;

namespace Beacon.Web.Endpoints.Contracts;

/// <summary>
/// What an import of the file would do. <see cref="Valid"/> is false when any error (in the file or in the name,
/// source or licence) would stop it. Lists are capped at <see cref="DatasetPreviewResponse.MaxListed"/> entries; the
/// counts are complete.
/// </summary>
public sealed record DatasetPreviewResponse(
    string? Name,
    string Slug,
    string Format,
    bool Valid,
    int Records,
    int QuestionCount,
    int DuplicateCount,
    int ErrorCount,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> IgnoredColumns,
    IReadOnlyDictionary<string, int> Languages,
    IReadOnlyDictionary<string, int> Categories,
    IReadOnlyDictionary<string, string[]> FieldErrors,
    IReadOnlyList<LineErrorResponse> Errors,
    IReadOnlyList<DuplicateResponse> Duplicates,
    IReadOnlyList<PreviewQuestionResponse> Questions)
{
    public const int MaxListed = 500;
    public const int MaxQuestionsShown = 50;

    public static DatasetPreviewResponse From(DatasetCheck check)
    {
        var p = check.Preview;
        return new DatasetPreviewResponse(
            check.Name, check.Slug, p.Format.ToString().ToLowerInvariant(), check.IsValid, p.Records, p.Questions.Count, p.Duplicates.Count, p.Errors.Count,
            p.Columns, p.IgnoredColumns, p.Languages, p.Categories, check.RequestErrors,
            p.Errors.Take(MaxListed).Select(LineErrorResponse.From).ToList(),
            p.Duplicates.Take(MaxListed).Select(DuplicateResponse.From).ToList(),
            p.Questions.Take(MaxQuestionsShown).Select(PreviewQuestionResponse.From).ToList());
    }
}
