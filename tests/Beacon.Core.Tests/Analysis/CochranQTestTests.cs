using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class CochranQTestTests
{
    [Fact]
    public void SmallTableMatchesQComputedByHand()
    {
        // Subjects x 3 treatments:    row totals R
        //   1 1 0                      2
        //   1 0 0                      1
        //   1 1 1                      3
        //   1 0 0                      1
        //   1 1 0                      2
        //   0 0 0                      0
        // Column totals C = 5, 3, 1; N = 9; Σ C² = 35; Σ R² = 19; k = 3.
        // Q = (k - 1)(k Σ C² - N²) / (k N - Σ R²) = 2 (105 - 81) / (27 - 19) = 48 / 8 = 6.
        // For 2 df the chi-square survival function is exp(-x / 2), so p = e^-3 = 0.049787.
        bool[][] table =
        [
            [true, true, false],
            [true, false, false],
            [true, true, true],
            [true, false, false],
            [true, true, false],
            [false, false, false],
        ];

        var result = CochranQTest.Compute(table);

        Assert.Equal(6, result.Q, 1e-12);
        Assert.Equal(2, result.DegreesOfFreedom);
        Assert.Equal(Math.Exp(-3), result.PValue, 1e-9);
        Assert.Equal([5, 3, 1], result.SuccessesPerTreatment);
        Assert.Equal(6, result.Subjects);
        Assert.Equal(4, result.InformativeSubjects);
        Assert.False(result.ApproximationAdequate);
    }

    [Fact]
    public void FourTreatmentsUseThreeDegreesOfFreedom()
    {
        // C = 3, 1, 0, 0; N = 4; Σ C² = 10; R = 1, 1, 2 so Σ R² = 6; k = 4.
        // Q = 3 (4 * 10 - 16) / (16 - 6) = 72 / 10 = 7.2; P(chi2(3) > 7.2) = 0.06578.
        bool[][] table =
        [
            [true, false, false, false],
            [true, false, false, false],
            [true, true, false, false],
        ];

        var result = CochranQTest.Compute(table);

        Assert.Equal(7.2, result.Q, 1e-12);
        Assert.Equal(3, result.DegreesOfFreedom);
        Assert.Equal(0.06578, result.PValue, 1e-5);
    }

    [Fact]
    public void SubjectsWithIdenticalOutcomesEverywhereGiveNoEvidence()
    {
        bool[][] table = [[true, true, true], [false, false, false]];

        var result = CochranQTest.Compute(table);

        Assert.Equal(0, result.Q);
        Assert.Equal(1, result.PValue);
        Assert.Equal(0, result.InformativeSubjects);
    }

    [Fact]
    public void EqualRatesAcrossTreatmentsGiveQZero()
    {
        bool[][] table = [[true, false, false], [false, true, false], [false, false, true]];

        var result = CochranQTest.Compute(table);

        Assert.Equal(0, result.Q, 1e-12);
        Assert.Equal(1, result.PValue, 1e-12);
    }

    [Fact]
    public void RejectsFewerThanThreeTreatments()
    {
        Assert.Throws<ArgumentException>(() => CochranQTest.Compute([[true, false], [false, false]]));
    }

    [Fact]
    public void RejectsRaggedRows()
    {
        Assert.Throws<ArgumentException>(() => CochranQTest.Compute([[true, false, true], [false, true]]));
    }
}
