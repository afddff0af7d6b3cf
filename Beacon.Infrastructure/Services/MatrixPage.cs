using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// One page of a job's results matrix: the page's questions (in the matrix's order: by category, a question's language
/// variants together), the columns shown, and a cell per question and column that has executions.
/// <see cref="Matching"/> questions match the filter, out of the job's <see cref="Total"/>.
/// </summary>
public sealed record MatrixPage(
    IReadOnlyList<JobQuestion> Questions,
    IReadOnlyList<MatrixColumn> Columns,
    IReadOnlyDictionary<(string QuestionId, MatrixColumn Column), MatrixCell> Cells,
    int Matching,
    int Total,
    int PageNumber,
    int PageSize)
{
    public static MatrixPage Empty { get; } = new([], [], new Dictionary<(string, MatrixColumn), MatrixCell>(), 0, 0, 1, 25);

    public int PageCount => Math.Max(1, (Matching + PageSize - 1) / PageSize);

    /// <summary>Index in the matching list of the page's first question (0-based).</summary>
    public int First => (PageNumber - 1) * PageSize;

    public MatrixCell? Cell(string questionId, MatrixColumn column) => Cells.GetValueOrDefault((questionId, column));
}
