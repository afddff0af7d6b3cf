using Beacon.Core.Analysis.Correction;
using Beacon.Core.Review;
using Beacon.Web.Components.Review;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class CorrectedRatesTableTests : MudTestContext
{
    private static readonly Guid First = Guid.Parse("0193a000-0000-7000-8000-000000000001");
    private static readonly Guid Second = Guid.Parse("0193a000-0000-7000-8000-000000000002");

    private static CorrectedRefusalRate Rate(Guid? job, string? model, string? region, string? language, double corrected) =>
        new(model, region, language, 40, 10, 0.25, 0.15, 0.4, new CorrectedRate(corrected, corrected - 0.1, corrected + 0.1, 0.05, 40, 12, 0, 20, 0.95), 0.9, 0.8)
        {
            Job = job,
        };

    [Fact]
    public void OneJobShowsItsOverallPerLaneAndPerLanguageRowsWithoutJobHeadings()
    {
        var table = Render<CorrectedRatesTable>(p => p.Add(x => x.Rates, new[]
        {
            Rate(First, null, null, null, 0.3), Rate(First, "qwen2.5-1.5b", "APAC", null, 0.5), Rate(First, null, null, "en", 0.2), Rate(First, null, null, "zh", 0.6),
        }));

        Assert.Contains("30.0%", table.Find("[data-testid='corrected-all']").TextContent, StringComparison.Ordinal);
        Assert.Contains("60.0%", table.Find("[data-testid='corrected-language zh']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Per answer language", table.Markup, StringComparison.Ordinal);
        Assert.DoesNotContain("Pooled", table.Markup, StringComparison.Ordinal);
    }

    [Fact]
    public void ASampleOfTwoJobsShowsThePooledRowsAndThenEachJobUnderItsName()
    {
        var table = Render<CorrectedRatesTable>(p => p
            .Add(x => x.Rates, new[]
            {
                Rate(null, null, null, null, 0.35), Rate(null, null, null, "zh", 0.55),
                Rate(First, null, null, null, 0.3), Rate(First, null, null, "zh", 0.5),
                Rate(Second, null, null, null, 0.4), Rate(Second, null, null, "zh", 0.6),
            })
            .Add(x => x.JobNames, new Dictionary<Guid, string> { [First] = "March run", [Second] = "April run" }));

        Assert.Contains("Pooled over 2 jobs", table.Find("[data-testid='corrected-scope-pooled-']").TextContent, StringComparison.Ordinal);
        Assert.Contains("35.0%", table.Find("[data-testid='corrected-pooled-all']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Job April run", table.Find($"[data-testid='corrected-scope-job-{Second}-']").TextContent, StringComparison.Ordinal);
        Assert.Contains("60.0%", table.Find($"[data-testid='corrected-job-{Second}-language zh']").TextContent, StringComparison.Ordinal);
        Assert.Contains("50.0%", table.Find($"[data-testid='corrected-job-{First}-language zh']").TextContent, StringComparison.Ordinal);
    }
}
