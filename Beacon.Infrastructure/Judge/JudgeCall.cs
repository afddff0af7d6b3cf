using Beacon.Core.Analysis;

namespace Beacon.Infrastructure.Judge;

/// <summary>
/// One judge call: the parsed verdict (its <see cref="JudgeVerdict.Error"/> says why there is no class), the reply exactly
/// as received, tokens, and cost at the configured prices (null when no price is configured).
/// </summary>
public sealed record JudgeCall(JudgeVerdict Verdict, string? RawReply, int? InputTokens, int? OutputTokens, decimal? CostUsd);
