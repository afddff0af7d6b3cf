namespace Beacon.Core.Review;

/// <summary>How many answers to draw per stratum: a fixed number, or a share of each stratum (at least one).</summary>
public sealed record SampleSize(int? PerStratum, double? Share)
{
    public int For(int population)
    {
        if (population <= 0)
        {
            return 0;
        }
        if (PerStratum is { } n)
        {
            return Math.Clamp(n, 0, population);
        }
        var share = Math.Clamp(Share ?? 0, 0, 1);
        return Math.Clamp((int)Math.Ceiling(share * population), 1, population);
    }

    public bool IsValid => (PerStratum is > 0 && Share is null) || (PerStratum is null && Share is > 0 and <= 1);
}
