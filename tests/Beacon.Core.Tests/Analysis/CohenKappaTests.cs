using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class CohenKappaTests
{
    // The worked examples of the Wikipedia article "Cohen's kappa" (50 and 100 items, two raters, yes/no).
    [Theory]
    [InlineData(20, 5, 10, 15, 0.4)]
    [InlineData(45, 15, 25, 15, 0.1304)]
    [InlineData(25, 35, 5, 35, 0.2593)]
    public void MatchesTheTextbookExamples(int yesYes, int yesNo, int noYes, int noNo, double expected)
    {
        var kappa = CohenKappa.Compute(new[,] { { yesYes, yesNo }, { noYes, noNo } });

        Assert.Equal(expected, kappa!.Value, 4);
    }

    [Fact]
    public void ComputesAThreeClassTableByTheDefinition()
    {
        // 60 items: p_o = 48/60 = 0.8; rows 28, 20, 12 and columns 28, 21, 11 give p_e = 1336/3600;
        // kappa = (0.8 - 0.371111) / (1 - 0.371111) = 0.681979.
        var table = new[,] { { 25, 2, 1 }, { 3, 15, 2 }, { 0, 4, 8 } };

        Assert.Equal(0.681979, CohenKappa.Compute(table)!.Value, 5);
        Assert.Equal(0.8, CohenKappa.ObservedAgreement(table)!.Value, 10);
    }

    [Fact]
    public void PerfectAgreementIsOneAndSystematicDisagreementIsNegative()
    {
        Assert.Equal(1.0, CohenKappa.Compute(new[,] { { 7, 0 }, { 0, 3 } })!.Value, 10);
        Assert.Equal(-1.0, CohenKappa.Compute(new[,] { { 0, 5 }, { 5, 0 } })!.Value, 10);
    }

    [Fact]
    public void TheStandardErrorOfTheFirstExampleIsCohensLargeSampleFormula() =>
        // sqrt(0.7 * 0.3 / (50 * 0.5^2)) = sqrt(0.0168) = 0.1296148
        Assert.Equal(0.1296148, CohenKappa.StandardError(new[,] { { 20, 5 }, { 10, 15 } })!.Value, 6);

    [Fact]
    public void IsUndefinedWithoutItemsOrWhenBothRatersUsedOneCategory()
    {
        Assert.Null(CohenKappa.Compute(new int[3, 3]));
        Assert.Null(CohenKappa.Compute(new[,] { { 12, 0 }, { 0, 0 } }));
    }

    [Fact]
    public void RejectsATableThatIsNotSquare() =>
        Assert.Throws<ArgumentException>(() => CohenKappa.Compute(new int[2, 3]));

    [Fact]
    public void TheAgreementTableIsThreeByThreeUnlessTheClassifierSawATechnicalFailure()
    {
        var three = ClassAgreement.From([(ResponseClass.Refusal, ResponseClass.Refusal), (ResponseClass.Substantive, ResponseClass.Partial)]);
        var four = ClassAgreement.From([(ResponseClass.TechnicalFailure, ResponseClass.Refusal), (ResponseClass.Substantive, ResponseClass.Substantive)]);

        Assert.Equal([ResponseClass.Substantive, ResponseClass.Partial, ResponseClass.Refusal], three.Classes);
        Assert.Equal(1, three.Counts[0][1]);
        Assert.Equal(1, three.Counts[2][2]);
        Assert.Equal(2, three.Items);
        Assert.Equal(4, four.Classes.Count);
        Assert.Equal(1, four.Counts[3][2]);
        Assert.Null(ClassAgreement.From([]).Kappa);
    }
}
