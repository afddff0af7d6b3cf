using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis.Correction;

public sealed class CohenKappaPairsTests
{
    [Fact]
    public void MatchesTheTextbookExample()
    {
        // 50 items: both yes 20, A yes / B no 5, A no / B yes 10, both no 15. p_o = 0.7; p_e = 0.5*0.6 + 0.5*0.4 = 0.5; κ = 0.4.
        var pairs = Enumerable.Repeat(("yes", "yes"), 20).Concat(Enumerable.Repeat(("yes", "no"), 5))
            .Concat(Enumerable.Repeat(("no", "yes"), 10)).Concat(Enumerable.Repeat(("no", "no"), 15)).ToList();

        Assert.Equal(0.4, CohenKappa.Compute(pairs)!.Value, 12);
    }

    [Fact]
    public void PerfectAgreementIsOneAndNoItemsGiveNoValue()
    {
        Assert.Equal(1, CohenKappa.Compute([("a", "a"), ("b", "b"), ("c", "c")])!.Value, 12);
        Assert.Null(CohenKappa.Compute(Array.Empty<(string, string)>()));
        Assert.Null(CohenKappa.Compute([("a", "a"), ("a", "a")]));
    }
}
