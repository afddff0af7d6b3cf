using Beacon.Core.Abstractions;

namespace Beacon.Core.Costs;

/// <summary>What one finished call is billed: its seconds and their price.</summary>
public sealed record CallCost(double BilledSeconds, decimal Usd)
{
    /// <summary>USD amounts are kept to this many decimals (a nano-dollar); the column is numeric(18, 9).</summary>
    public const int UsdDecimals = 9;

    /// <summary>
    /// Billed seconds are the time the endpoint says it spent (Modal's inference_time, a server's own timings) and,
    /// when it says nothing (errors, most OpenAI-compatible servers), the measured duration of the call. A call that
    /// never left this process (unknown region, open circuit) is billed nothing, and neither is a call the endpoint
    /// refused with an HTTP error (503 while no container was up, 429, an auth error) without reporting inference time:
    /// no model ran for it. A call that timed out or lost its connection is billed its measured time, since the GPU may
    /// have been working on it.
    /// </summary>
    public static CallCost Bill(CostRate rate, InferenceOutcome outcome, TimeSpan measured)
    {
        ArgumentNullException.ThrowIfNull(rate);
        ArgumentNullException.ThrowIfNull(outcome);
        if (outcome.HttpRequests == 0 || (!outcome.Answered && outcome.HttpStatus is not null && outcome.InferenceSeconds is null))
        {
            return new CallCost(0, 0m);
        }
        var seconds = Math.Round(Math.Max(outcome.InferenceSeconds ?? measured.TotalSeconds, 0), 3);
        var usd = rate.UsdFor(seconds, outcome.PromptTokens ?? 0, outcome.TokensGenerated ?? 0);
        return new CallCost(seconds, Math.Round(usd, UsdDecimals, MidpointRounding.AwayFromZero));
    }
}
