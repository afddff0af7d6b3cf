namespace Beacon.Core.Analysis;

/// <summary>
/// McNemar's test on paired binary outcomes (e.g. "refused in region A" vs "refused in region B" on the same
/// questions). Only discordant pairs carry information: <see cref="B"/> = true in A only, <see cref="C"/> = true
/// in B only. Both p-values are reported; <see cref="PValue"/> is the one <see cref="Method"/> names.
/// </summary>
public sealed record McNemarResult(
    int BothTrue,
    int B,
    int C,
    int BothFalse,
    double ChiSquare,
    double ChiSquarePValue,
    double ExactPValue,
    McNemarMethod Method)
{
    public int Pairs => BothTrue + B + C + BothFalse;

    public int Discordant => B + C;

    public double PValue => Method == McNemarMethod.ExactBinomial ? ExactPValue : ChiSquarePValue;
}
