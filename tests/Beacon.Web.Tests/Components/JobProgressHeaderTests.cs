using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Web.Components.Jobs;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class JobProgressHeaderTests : MudTestContext
{
    private static Job Job(JobStatus status, DateTimeOffset? startedAt = null, DateTimeOffset? finishedAt = null) => new()
    {
        Id = Guid.CreateVersion7(),
        Name = "Built-in matrix",
        Status = status,
        CreatedAt = Now.AddMinutes(-10),
        StartedAt = startedAt,
        FinishedAt = finishedAt,
    };

    private IRenderedComponent<JobProgressHeader> Header(Job job, StatusCounts counts, bool warming = false, TimeSpan? remaining = null) =>
        Render<JobProgressHeader>(p => p
            .Add(h => h.Job, job)
            .Add(h => h.Counts, counts)
            .Add(h => h.AnyLaneWarmingUp, warming)
            .Add(h => h.Remaining, remaining));

    private static string Stage(IRenderedComponent<JobProgressHeader> cut) =>
        cut.Find("[data-testid=job-stage]").GetAttribute("data-stage")!;

    [Fact]
    public void ShowsTheCountOfEverySegmentAndBarsProportionalToThem()
    {
        var cut = Header(Job(JobStatus.Running, Now.AddSeconds(-30)), new StatusCounts(Pending: 4, Running: 2, Succeeded: 5, Failed: 1, Cancelled: 0));

        Assert.Equal("5", cut.Find("[data-testid=count-succeeded]").TextContent);
        Assert.Equal("2", cut.Find("[data-testid=count-running]").TextContent);
        Assert.Equal("1", cut.Find("[data-testid=count-failed]").TextContent);
        Assert.Equal("0", cut.Find("[data-testid=count-cancelled]").TextContent);
        Assert.Equal("4", cut.Find("[data-testid=count-pending]").TextContent);
        Assert.Equal("12", cut.Find("[data-testid=count-total]").TextContent);
        Assert.Contains("width: 41.667%", cut.Find(".beacon-segments .beacon-seg-succeeded").GetAttribute("style"));
        Assert.Contains("width: 33.333%", cut.Find(".beacon-segments .beacon-seg-pending").GetAttribute("style"));
        Assert.Empty(cut.FindAll(".beacon-segments .beacon-seg-cancelled"));
    }

    [Fact]
    public void AJobWaitingForItsFirstAnswerWhileALaneWarmsUpIsWarmingUp()
    {
        var cut = Header(Job(JobStatus.Queued), new StatusCounts(9, 0, 0, 0, 0), warming: true);

        Assert.Equal("warming up", Stage(cut));
        Assert.Equal("queued", cut.Find("[data-testid=job-status]").GetAttribute("data-status"));
        // The steps before the current one are shown as done.
        Assert.Equal(2, cut.FindAll(".beacon-stage-done").Count);
    }

    [Fact]
    public void RunningCellsShowRunningEvenWhileTheStoredStatusStillSaysQueued()
    {
        var cut = Header(Job(JobStatus.Queued, Now.AddSeconds(-5)), new StatusCounts(5, 2, 2, 0, 0));

        Assert.Equal("running", Stage(cut));
    }

    [Fact]
    public void EveryCellFinishedButTheJobNotYetFinalIsFinalizing()
    {
        var cut = Header(Job(JobStatus.Running, Now.AddSeconds(-60)), new StatusCounts(0, 0, 7, 2, 0));

        Assert.Equal("finalizing", Stage(cut));
    }

    [Theory]
    [InlineData(JobStatus.Completed, "completed")]
    [InlineData(JobStatus.Failed, "failed")]
    [InlineData(JobStatus.Cancelled, "cancelled")]
    public void AFinishedJobEndsOnItsOutcomeWithoutARemainingTime(JobStatus status, string stage)
    {
        var cut = Header(Job(status, Now.AddMinutes(-3), Now.AddMinutes(-1)), new StatusCounts(0, 0, 3, 1, 0), remaining: TimeSpan.FromMinutes(5));

        Assert.Equal(stage, Stage(cut));
        Assert.Equal(stage, cut.Find("[data-testid=job-status]").TextContent.Trim());
        Assert.Empty(cut.FindAll("[data-testid=remaining]"));
        Assert.Equal("2 min 00 s", cut.Find("[data-testid=elapsed]").TextContent);
    }

    [Fact]
    public void AJobCancelledWhileQueuedDoesNotPretendItRan()
    {
        var job = Job(JobStatus.Cancelled, startedAt: null, finishedAt: Now);
        job.QueuedAt = Now.AddMinutes(-1);

        var cut = Header(job, new StatusCounts(0, 0, 0, 0, 9));

        Assert.Equal(["created", "queued"], cut.FindAll(".beacon-stage-done").Select(e => e.GetAttribute("data-stage")));
        Assert.Equal(["warming up", "running", "finalizing"], cut.FindAll(".beacon-stage-skipped").Select(e => e.GetAttribute("data-stage")));
        Assert.Equal("cancelled", Stage(cut));
    }

    [Fact]
    public void ElapsedCountsFromTheStartAndTheRemainingTimeIsMarkedAsAnEstimate()
    {
        var cut = Header(Job(JobStatus.Running, Now.AddSeconds(-125)), new StatusCounts(4, 2, 5, 0, 0), remaining: TimeSpan.FromSeconds(90));

        Assert.Equal("2 min 05 s", cut.Find("[data-testid=elapsed]").TextContent);
        Assert.Equal("about 1 min 30 s (estimate)", cut.Find("[data-testid=remaining]").TextContent);
    }

    [Fact]
    public void WithoutAMeasuredCellTheRemainingTimeIsNotGuessed()
    {
        var cut = Header(Job(JobStatus.Queued), new StatusCounts(9, 0, 0, 0, 0), remaining: null);

        Assert.Equal("estimating…", cut.Find("[data-testid=remaining]").TextContent);
        Assert.Equal("not started", cut.Find("[data-testid=elapsed]").TextContent);
    }

    [Fact]
    public void AFinishedJobShowsItsEstimateBesideWhatItTook()
    {
        var job = Job(JobStatus.Completed, Now.AddSeconds(-40), Now.AddSeconds(-10));
        var cut = Render<JobProgressHeader>(p => p
            .Add(h => h.Job, job)
            .Add(h => h.Counts, new StatusCounts(0, 0, 9, 0, 0))
            .Add(h => h.Estimated, TimeSpan.FromSeconds(12)));

        var text = cut.Find("[data-testid=estimated-vs-actual]").TextContent;
        Assert.Contains("Estimated", text, StringComparison.Ordinal);
        Assert.Contains("took", text, StringComparison.Ordinal);
        Assert.Contains("2.5x the estimate", text, StringComparison.Ordinal);
    }

    [Fact]
    public void WithoutAnEstimateNoneIsShown()
    {
        var cut = Header(Job(JobStatus.Running, Now.AddSeconds(-5)), new StatusCounts(5, 2, 2, 0, 0));

        Assert.Empty(cut.FindAll("[data-testid=estimated-vs-actual]"));
    }
}
