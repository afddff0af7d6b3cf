using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Placement;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Analysis.Statistics;

/// <summary>Statistics restricted to cells whose placement was verified, and the summary's count of verified cells.</summary>
public sealed class VerifiedPlacementStatisticsTests
{
    private static readonly Question[] Questions = [new("q1", "bias", "Q1?"), new("q2", "bias", "Q2?"), new("q3", "bias", "Q3?")];

    /// <summary>APAC refuses all three questions, US answers them; APAC's q3 answer came from Virginia (a mismatch).</summary>
    private static JobStatistics Build(bool verifiedOnly)
    {
        var builder = new JobStatisticsBuilder(Questions, ["qwen2.5-1.5b"], ["US", "APAC"], 1, verifiedOnly: verifiedOnly);
        long id = 1;
        foreach (var q in Questions)
        {
            builder.Add(new ExecutionObservation(id++, q.Id, "qwen2.5-1.5b", "US", 0, ResponseClass.Substantive, false, "An answer.", "v", PlacementVerdict.Verified));
            builder.Add(new ExecutionObservation(id++, q.Id, "qwen2.5-1.5b", "APAC", 0, ResponseClass.Refusal, false, "I cannot answer that.", "v",
                q.Id == "q3" ? PlacementVerdict.Mismatch : PlacementVerdict.Verified));
        }
        return builder.Build(finished: true);
    }

    [Fact]
    public void TheSummarySaysHowManyCellsWereVerified()
    {
        var stats = Build(verifiedOnly: false);

        Assert.Equal(5, stats.Coverage.Verified);
        Assert.Equal(0, stats.Coverage.LeftOutUnverified);
        Assert.Contains(stats.Summary, s => s.StartsWith("5 of 6 finished cells came from a verified placement", StringComparison.Ordinal));
        var apac = Assert.Single(stats.ByModelRegion, r => r.Region == "APAC");
        Assert.Equal(3, apac.Refused);
    }

    [Fact]
    public void RestrictingToVerifiedCellsLeavesTheMismatchedOneOutOfEveryRate()
    {
        var stats = Build(verifiedOnly: true);

        Assert.True(stats.Coverage.VerifiedOnly);
        Assert.Equal(5, stats.Coverage.Verified);
        Assert.Equal(1, stats.Coverage.LeftOutUnverified);
        Assert.Equal(5, stats.Coverage.Answered);
        var apac = Assert.Single(stats.ByModelRegion, r => r.Region == "APAC");
        Assert.Equal(2, apac.Refused);
        Assert.Contains(stats.Summary, s => s.Contains("These statistics use only those: 1 cell with a mismatched, unverified or declared placement", StringComparison.Ordinal));
    }

    [Fact]
    public void AJobWithEveryCellVerifiedSaysSoPlainly()
    {
        var builder = new JobStatisticsBuilder([Questions[0]], ["qwen2.5-1.5b"], ["US"], 1);
        builder.Add(new ExecutionObservation(1, "q1", "qwen2.5-1.5b", "US", 0, ResponseClass.Substantive, false, "An answer.", "v", PlacementVerdict.Verified));

        Assert.Contains(builder.Build(true).Summary, s => s.StartsWith("All 1 finished cell came from a verified placement", StringComparison.Ordinal));
    }
}
