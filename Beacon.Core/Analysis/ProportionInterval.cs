namespace Beacon.Core.Analysis;

/// <summary>
/// A rate with its confidence interval, e.g. the refusal rate of one model in one region.
/// With zero trials there is no rate to report: <see cref="IsEmpty"/> is true and the three numbers are NaN,
/// so a caller cannot mistake "no data" for "0 %".
/// </summary>
public sealed record ProportionInterval(int Successes, int Trials, double Confidence, double Rate, double Lower, double Upper)
{
    public bool IsEmpty => Trials == 0;

    public static ProportionInterval Empty(double confidence) =>
        new(0, 0, confidence, double.NaN, double.NaN, double.NaN);

    public override string ToString() =>
        IsEmpty
            ? "n/a (0 trials)"
            : FormattableString.Invariant($"{Rate:P1} [{Lower:P1}, {Upper:P1}] ({Successes}/{Trials}, {Confidence:P0})");
}
