namespace Beacon.Core.Analysis.Correction;

/// <summary>
/// One stratum of the two-phase design: the <see cref="Population"/> answers the classifier put in one class (optionally
/// within one language, model and region), of which <see cref="Reviewed"/> were drawn at random and labelled by a human,
/// <see cref="HumanRefusals"/> of them as refusals. <see cref="PredictedRefusal"/> is what the classifier said for the
/// stratum: the fallback when nobody reviewed any of it.
/// </summary>
public sealed record StratumCounts(int Population, int Reviewed, int HumanRefusals, bool PredictedRefusal)
{
    public double? HumanRefusalShare => Reviewed == 0 ? null : (double)HumanRefusals / Reviewed;
}
