using Beacon.Core.Jobs;

namespace Beacon.Core.Tests.Jobs;

public sealed class JobStateRulesTests
{
    [Fact]
    public void AJobIsCompletedOnlyWhenEveryCellIsTerminal()
    {
        Assert.Throws<InvalidOperationException>(() => JobStateRules.FinalStatus(new StatusCounts(0, 1, 5, 0, 0), cancelRequested: false));
        Assert.Equal(JobStatus.Completed, JobStateRules.FinalStatus(new StatusCounts(0, 0, 5, 2, 0), cancelRequested: false));
    }

    [Fact]
    public void AJobWhereNoCellAnsweredIsFailed()
    {
        Assert.Equal(JobStatus.Failed, JobStateRules.FinalStatus(new StatusCounts(0, 0, 0, 7, 0), cancelRequested: false));
    }

    [Fact]
    public void ACancelledJobStaysCancelledWhateverItsCells()
    {
        Assert.Equal(JobStatus.Cancelled, JobStateRules.FinalStatus(new StatusCounts(0, 0, 3, 1, 4), cancelRequested: true));
    }

    [Theory]
    [InlineData(ExecutionStatus.Pending, ExecutionStatus.Running, true)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Succeeded, true)]
    [InlineData(ExecutionStatus.Running, ExecutionStatus.Failed, true)]
    [InlineData(ExecutionStatus.Failed, ExecutionStatus.Pending, true)]
    [InlineData(ExecutionStatus.Succeeded, ExecutionStatus.Running, false)]
    [InlineData(ExecutionStatus.Succeeded, ExecutionStatus.Pending, false)]
    [InlineData(ExecutionStatus.Cancelled, ExecutionStatus.Pending, false)]
    [InlineData(ExecutionStatus.Pending, ExecutionStatus.Succeeded, false)]
    public void TerminalCellsNeverMoveExceptFailedBackToPending(ExecutionStatus from, ExecutionStatus to, bool allowed)
    {
        Assert.Equal(allowed, JobStateRules.CanMove(from, to));
    }

    [Fact]
    public void RetryIsCappedAtThreeAttempts()
    {
        Assert.True(JobStateRules.CanRetryCell(ExecutionStatus.Failed, 2));
        Assert.False(JobStateRules.CanRetryCell(ExecutionStatus.Failed, 3));
        Assert.False(JobStateRules.CanRetryCell(ExecutionStatus.Succeeded, 1));
    }

    [Fact]
    public void CountsAddUpByStatus()
    {
        var counts = StatusCounts.From([(ExecutionStatus.Pending, 2), (ExecutionStatus.Succeeded, 5), (ExecutionStatus.Failed, 1), (ExecutionStatus.Succeeded, 1)]);

        Assert.Equal(new StatusCounts(2, 0, 6, 1, 0), counts);
        Assert.Equal(9, counts.Total);
        Assert.False(counts.AllTerminal);
    }

    [Theory]
    [InlineData(JobStatus.Cancelled, 3, 3, "cancelled")]
    [InlineData(JobStatus.Completed, 0, 0, "No execution failed")]
    [InlineData(JobStatus.Completed, 2, 0, "used its 3 attempts")]
    [InlineData(JobStatus.Running, 0, 0, "No execution has failed so far")]
    public void RetryFailedSaysWhyItCannotRun(JobStatus status, int failed, int retryable, string reason)
    {
        Assert.Contains(reason, JobStateRules.WhyNoRetry(status, failed, retryable), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(JobStatus.Completed)]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Failed)]
    public void RetryFailedRunsWhenAFailedCellHasAttemptsLeft(JobStatus status)
    {
        Assert.Null(JobStateRules.WhyNoRetry(status, failed: 2, retryable: 1));
    }
}
