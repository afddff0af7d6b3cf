using System.Reflection;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Tests.Sql;

/// <summary>The status names raw SQL uses are the enums' names, and its sets are the state rules' sets.</summary>
public sealed class StatusSqlTests
{
    private static string Literal<T>(T value) where T : struct, Enum => $"'{value}'";

    private static string Set<T>(IEnumerable<T> values) where T : struct, Enum => "(" + string.Join(", ", values.Select(Literal)) + ")";

    private static Dictionary<string, string> Constants(Type type) => type.GetFields(BindingFlags.Public | BindingFlags.Static)
        .Where(f => f.IsLiteral).ToDictionary(f => f.Name, f => (string)f.GetRawConstantValue()!);

    [Fact]
    public void EachExecutionStatusLiteralIsItsEnumName()
    {
        var constants = Constants(typeof(ExecutionStatusSql));
        foreach (var status in Enum.GetValues<ExecutionStatus>())
        {
            Assert.Equal(Literal(status), constants[status.ToString()]);
        }
    }

    [Fact]
    public void EachJobStatusLiteralIsItsEnumName()
    {
        var constants = Constants(typeof(JobStatusSql));
        foreach (var status in Enum.GetValues<JobStatus>())
        {
            Assert.Equal(Literal(status), constants[status.ToString()]);
        }
    }

    [Fact]
    public void LaneStageLiteralsAreTheirEnumNames()
    {
        foreach (var (name, literal) in Constants(typeof(LaneStageSql)))
        {
            Assert.Equal(Literal(Enum.Parse<LaneStage>(name)), literal);
        }
    }

    [Fact]
    public void UnfinishedCellsAreExactlyTheNonTerminalOnes()
    {
        Assert.Equal(ExecutionStatusSql.Unfinished, Set(Enum.GetValues<ExecutionStatus>().Where(s => !JobStateRules.IsTerminal(s))));
    }

    [Fact]
    public void ClassifiedCellsAreTheTerminalOnesExceptCancelled()
    {
        Assert.Equal(
            ExecutionStatusSql.Classified,
            Set(Enum.GetValues<ExecutionStatus>().Where(s => JobStateRules.IsTerminal(s) && s != ExecutionStatus.Cancelled)));
    }

    [Fact]
    public void TerminalJobsAreExactlyTheStateRulesTerminalStatuses()
    {
        Assert.Equal(JobStatusSql.Terminal, Set(Enum.GetValues<JobStatus>().Where(JobStateRules.IsTerminal)));
    }

    [Fact]
    public void NotStartedJobsAreTheOnesBeforeRunning()
    {
        Assert.Equal(JobStatusSql.NotStarted, Set(Enum.GetValues<JobStatus>().Where(s => s < JobStatus.Running)));
    }
}
