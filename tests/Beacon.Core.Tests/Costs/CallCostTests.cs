using Beacon.Core.Abstractions;
using Beacon.Core.Costs;

namespace Beacon.Core.Tests.Costs;

public sealed class CallCostTests
{
    private static readonly CostRate PinnedT4 = new(0.885m);

    [Fact]
    public void TheEndpointsReportedTimeIsBilledRatherThanTheMeasuredCall()
    {
        var outcome = new InferenceOutcome { Answered = true, Response = "4", InferenceSeconds = 41.327 };

        var cost = CallCost.Bill(PinnedT4, outcome, TimeSpan.FromSeconds(60));

        Assert.Equal(41.327, cost.BilledSeconds);
        Assert.Equal(0.010159554m, cost.Usd);
    }

    [Fact]
    public void WithoutAReportedTimeTheMeasuredCallIsBilled()
    {
        // A timed-out call may have kept a GPU busy the whole time.
        var outcome = InferenceOutcome.Failure("timeout", "no answer in time", httpRequests: 4);

        var cost = CallCost.Bill(PinnedT4, outcome, TimeSpan.FromSeconds(3600));

        Assert.Equal(3600, cost.BilledSeconds);
        Assert.Equal(0.885m, cost.Usd);
    }

    [Theory]
    [InlineData(503)]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(401)]
    public void ACallTheEndpointRefusedWithAnHttpErrorAndNoInferenceTimeCostsNothing(int status)
    {
        var outcome = InferenceOutcome.Failure($"http_{status}", "refused", status, httpRequests: 4);

        var cost = CallCost.Bill(PinnedT4, outcome, TimeSpan.FromSeconds(12));

        Assert.Equal(new CallCost(0, 0m), cost);
    }

    [Fact]
    public void AnErrorAnswerThatReportsInferenceTimeIsBilledThatTime()
    {
        var outcome = InferenceOutcome.Failure("http_500", "generation crashed", 500) with { InferenceSeconds = 7.5 };

        Assert.Equal(7.5, CallCost.Bill(PinnedT4, outcome, TimeSpan.FromSeconds(30)).BilledSeconds);
    }

    [Fact]
    public void ACallThatNeverLeftTheProcessCostsNothing()
    {
        var outcome = InferenceOutcome.Failure("circuit_open", "paused", httpRequests: 0);

        var cost = CallCost.Bill(PinnedT4, outcome, TimeSpan.FromSeconds(2));

        Assert.Equal(new CallCost(0, 0m), cost);
    }

    [Fact]
    public void PerTokenPricesChargePromptAndGeneratedTokensAndIgnoreTime()
    {
        var rate = new CostRate(0m, UsdPerMillionInputTokens: 0.15m, UsdPerMillionOutputTokens: 0.60m);
        var outcome = new InferenceOutcome { Answered = true, Response = "Paris", PromptTokens = 61, TokensGenerated = 96, InferenceSeconds = 3 };

        var cost = CallCost.Bill(rate, outcome, TimeSpan.FromSeconds(3));

        Assert.Equal(3, cost.BilledSeconds);
        Assert.Equal(0.00006675m, cost.Usd);
    }

    [Fact]
    public void AFailedHostedCallWithoutUsageCostsNothing()
    {
        var rate = new CostRate(0m, 0.15m, 0.60m);

        var cost = CallCost.Bill(rate, InferenceOutcome.Failure("timeout", "no answer in time", httpRequests: 4), TimeSpan.FromSeconds(9));

        Assert.Equal(0m, cost.Usd);
        Assert.Equal(9, cost.BilledSeconds);
    }

    [Fact]
    public void TheFreeRateBillsTimeButNoMoney()
    {
        var cost = CallCost.Bill(CostRate.Free, new InferenceOutcome { Answered = true, Response = "ok", InferenceSeconds = 1.2, Emulated = true }, TimeSpan.FromSeconds(1.3));

        Assert.Equal(1.2, cost.BilledSeconds);
        Assert.Equal(0m, cost.Usd);
    }
}
