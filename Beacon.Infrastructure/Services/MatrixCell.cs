using Beacon.Core.Analysis;
using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// One question in one column of the results matrix, aggregated over its repeats in SQL: how many are in each status,
/// how many have each (effective) class, and the first line of one answer of the most frequent class.
/// <see cref="Matches"/> counts the repeats that match the filter's class and search (0 without such a filter).
/// </summary>
public sealed record MatrixCell(
    string QuestionId,
    MatrixColumn Column,
    StatusCounts Counts,
    IReadOnlyDictionary<ResponseClass, int> Classes,
    string? FirstLine,
    long FirstId,
    int Matches)
{
    /// <summary>The most frequent class and how many repeats have it (ties: the order of <see cref="ResponseClass"/>); null before any class.</summary>
    public (ResponseClass Class, int Count)? Majority => Classes.Count == 0 ? null
        : Classes.OrderByDescending(c => c.Value).ThenBy(c => c.Key).Select(c => (c.Key, c.Value)).First();

    public int Count(ResponseClass c) => Classes.GetValueOrDefault(c);
}
