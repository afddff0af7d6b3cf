using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Data;

/// <summary>
/// <see cref="ExecutionStatus"/> names as SQL literals for raw SQL (the column stores the enum's name), taken from the
/// enum with <c>nameof</c> so a rename changes the SQL too. The sets follow <see cref="JobStateRules"/> (a test checks).
/// </summary>
public static class ExecutionStatusSql
{
    public const string Pending = "'" + nameof(ExecutionStatus.Pending) + "'";
    public const string Running = "'" + nameof(ExecutionStatus.Running) + "'";
    public const string Succeeded = "'" + nameof(ExecutionStatus.Succeeded) + "'";
    public const string Failed = "'" + nameof(ExecutionStatus.Failed) + "'";
    public const string Cancelled = "'" + nameof(ExecutionStatus.Cancelled) + "'";

    /// <summary>Cells that may still change: not terminal.</summary>
    public const string Unfinished = "(" + Pending + ", " + Running + ")";

    /// <summary>Cells that finished with a class (an answer, or a technical failure); a cancelled cell has none.</summary>
    public const string Classified = "(" + Succeeded + ", " + Failed + ")";
}
