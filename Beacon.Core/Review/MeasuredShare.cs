using Beacon.Core.Analysis;

namespace Beacon.Core.Review;

/// <summary>
/// A share (successes / trials) with its 95% Wilson interval; the three numbers are null with no trials ("no data", never
/// 0 %), so the record also travels as JSON (a <see cref="ProportionInterval"/> holds NaN there).
/// </summary>
public sealed record MeasuredShare(int Successes, int Trials, double? Rate, double? Lower, double? Upper)
{
    public static MeasuredShare Of(int successes, int trials)
    {
        var interval = WilsonInterval.Compute(successes, trials);
        return interval.IsEmpty ? new(successes, trials, null, null, null) : new(successes, trials, interval.Rate, interval.Lower, interval.Upper);
    }
}
