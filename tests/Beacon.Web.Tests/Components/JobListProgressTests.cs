using Beacon.Core.Jobs;
using Beacon.Web.Components.Jobs;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class JobListProgressTests : MudTestContext
{
    [Fact]
    public void ACancelledJobShowsItsAnswersOfThosePlannedAndHowManyWereCancelled()
    {
        var cut = Render<JobListProgress>(p => p.Add(c => c.Counts, new StatusCounts(Pending: 0, Running: 0, Succeeded: 36, Failed: 0, Cancelled: 234)));

        var text = cut.Find("[data-testid=list-progress]").TextContent;
        Assert.Contains("36/270 answered", text, StringComparison.Ordinal);
        Assert.Contains("234 cancelled", text, StringComparison.Ordinal);
        Assert.DoesNotContain("270/270", text, StringComparison.Ordinal);
    }

    [Fact]
    public void FailedCellsAreNotCountedAsAnswered()
    {
        var cut = Render<JobListProgress>(p => p.Add(c => c.Counts, new StatusCounts(Pending: 2, Running: 1, Succeeded: 5, Failed: 2, Cancelled: 0)));

        var text = cut.Find("[data-testid=list-progress]").TextContent;
        Assert.Contains("5/10 answered", text, StringComparison.Ordinal);
        Assert.Contains("2 failed", text, StringComparison.Ordinal);
        Assert.DoesNotContain("cancelled", text, StringComparison.Ordinal);
    }
}
