using Beacon.Core.Jobs;

namespace Beacon.Core.Tests.Jobs;

public sealed class JobStageRulesTests
{
    private static StatusCounts Counts(int pending = 0, int running = 0, int succeeded = 0, int failed = 0, int cancelled = 0) =>
        new(pending, running, succeeded, failed, cancelled);

    [Theory]
    [InlineData(JobStatus.Completed, JobStage.Completed)]
    [InlineData(JobStatus.Failed, JobStage.Failed)]
    [InlineData(JobStatus.Cancelled, JobStage.Cancelled)]
    public void AFinalStatusIsTheStageWhateverTheCellsAndLanes(JobStatus status, JobStage expected)
    {
        Assert.Equal(expected, JobStageRules.Derive(status, Counts(pending: 3, running: 1), anyLaneWarmingUp: true));
    }

    [Fact]
    public void AJobJustSubmittedIsCreatedThenQueued()
    {
        Assert.Equal(JobStage.Created, JobStageRules.Derive(JobStatus.Created, Counts(pending: 9), anyLaneWarmingUp: false));
        Assert.Equal(JobStage.Queued, JobStageRules.Derive(JobStatus.Queued, Counts(pending: 9), anyLaneWarmingUp: false));
    }

    [Fact]
    public void AWarmingLaneBeforeAnyAnswerIsWarmingUpEvenIfAnotherLaneAlreadyRunsCells()
    {
        Assert.Equal(JobStage.WarmingUp, JobStageRules.Derive(JobStatus.Queued, Counts(pending: 9), anyLaneWarmingUp: true));
        Assert.Equal(JobStage.WarmingUp, JobStageRules.Derive(JobStatus.Running, Counts(pending: 5, running: 4), anyLaneWarmingUp: true));
    }

    [Fact]
    public void OnceACellHasFinishedAWarmingLaneNoLongerMakesTheJobWarmingUp()
    {
        Assert.Equal(JobStage.Running, JobStageRules.Derive(JobStatus.Running, Counts(pending: 5, running: 3, succeeded: 1), anyLaneWarmingUp: true));
    }

    [Fact]
    public void RunningCellsMakeTheJobRunningEvenWhileItsStatusStillSaysQueued()
    {
        Assert.Equal(JobStage.Running, JobStageRules.Derive(JobStatus.Queued, Counts(pending: 5, running: 2, succeeded: 2), anyLaneWarmingUp: false));
    }

    [Fact]
    public void AJobRetryingFailedCellsWaitsInTheQueueUntilAWorkerTakesThem()
    {
        Assert.Equal(JobStage.Queued, JobStageRules.Derive(JobStatus.Queued, Counts(pending: 2, succeeded: 7), anyLaneWarmingUp: false));
    }

    [Theory]
    [InlineData(JobStatus.Running)]
    [InlineData(JobStatus.Queued)]
    public void EveryCellTerminalButTheJobNotFinalIsFinalizing(JobStatus status)
    {
        Assert.Equal(JobStage.Finalizing, JobStageRules.Derive(status, Counts(succeeded: 7, failed: 2), anyLaneWarmingUp: false));
    }

    [Fact]
    public void ARunningJobBetweenBatchesOfCellsIsStillRunning()
    {
        Assert.Equal(JobStage.Running, JobStageRules.Derive(JobStatus.Running, Counts(pending: 4, succeeded: 5), anyLaneWarmingUp: false));
    }

    [Fact]
    public void ThePathListsTheStagesInTheOrderAJobGoesThroughThem()
    {
        Assert.Equal([JobStage.Created, JobStage.Queued, JobStage.WarmingUp, JobStage.Running, JobStage.Finalizing], JobStageRules.Path);
        Assert.Equal("warming up", JobStageRules.Label(JobStage.WarmingUp));
    }
}
