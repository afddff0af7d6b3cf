namespace Beacon.Core.Questions;

/// <summary>
/// What a file would import: the questions (in file order, with their ids), the rows left out as duplicates, and
/// the errors. A file with any error imports nothing (<see cref="IsValid"/> is false).
/// </summary>
public sealed record DatasetPreview(
    DatasetFormat Format,
    IReadOnlyList<string> Columns,
    IReadOnlyList<string> IgnoredColumns,
    int Records,
    IReadOnlyList<ParsedQuestion> Questions,
    IReadOnlyList<DuplicateQuestion> Duplicates,
    IReadOnlyList<DatasetError> Errors)
{
    public bool IsValid => Errors.Count == 0;

    public IReadOnlyDictionary<string, int> Languages =>
        Questions.GroupBy(q => q.Language, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);

    public IReadOnlyDictionary<string, int> Categories =>
        Questions.GroupBy(q => q.Category, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Count(), StringComparer.Ordinal);
}
