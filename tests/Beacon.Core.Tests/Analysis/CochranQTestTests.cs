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
        Assert.Equal(Math.Exp(-3), result.ChiSquarePValue, 1e-9);
        Assert.Equal(CochranQMethod.ExactConditional, result.Method);
        Assert.Equal(BruteForceExactP(table), result.ExactPValue!.Value, 1e-12);
        Assert.Equal(result.ExactPValue, result.PValue);
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
        Assert.Equal(0.06578, result.ChiSquarePValue, 1e-5);
        Assert.Equal(BruteForceExactP(table), result.PValue, 1e-12);
    }

    [Fact]
    public void ThreeInformativeQuestionsInThreeRegionsGiveExactPOfOneNinth()
    {
        // The example: every informative question refused in one region only, always the same one. Q = 6 and
        // the chi-square approximation says p = 0.0498, but conditional on the row totals each question's single
        // refusal falls in any of the 3 regions with probability 1/3: 27 equally likely arrangements, 3 of them
        // (all in the same region) give Q = 6. Exact p = 3/27 = 1/9, and nothing on 3 questions can reach p < 0.05.
        bool[][] table =
        [
            [true, false, false],
            [true, false, false],
            [true, false, false],
            [false, false, false],
            [true, true, true],
        ];

        var result = CochranQTest.Compute(table);

        Assert.Equal(6, result.Q, 1e-12);
        Assert.Equal(Math.Exp(-3), result.ChiSquarePValue, 1e-9);
        Assert.Equal(1.0 / 9, result.PValue, 1e-12);
        Assert.Equal(1.0 / 9, result.SmallestPossiblePValue!.Value, 1e-12);
        Assert.Equal(CochranQMethod.ExactConditional, result.Method);
    }

    [Fact]
    public void ExactPMatchesEnumerationOfEveryArrangementOnMixedRowTotals()
    {
        bool[][] table =
        [
            [true, true, false, false],
            [true, false, false, false],
            [true, true, true, false],
            [false, true, false, false],
            [true, false, false, true],
            [true, true, false, false],
            [false, false, false, false],
        ];

        var result = CochranQTest.Compute(table);

        Assert.Equal(BruteForceExactP(table), result.PValue, 1e-12);
    }

    [Fact]
    public void ManyInformativeQuestionsGiveAnExactPCloseToTheChiSquareOne()
    {
        // 40 questions, region 1 refuses more often: the exact and approximate p-values should agree closely.
        var random = new Random(7);
        var table = Enumerable.Range(0, 40)
            .Select(_ => new[] { random.NextDouble() < 0.5, random.NextDouble() < 0.3, random.NextDouble() < 0.3 })
            .ToArray();

        var result = CochranQTest.Compute(table);

        Assert.True(result.ApproximationAdequate);
        Assert.NotNull(result.ExactPValue);
        Assert.InRange(result.ExactPValue!.Value - result.ChiSquarePValue, -0.02, 0.02);
    }

    // Independent reference: enumerate every arrangement of each informative row's successes and compute Q directly.
    private static double BruteForceExactP(bool[][] table)
    {
        var k = table[0].Length;
        var observed = CochranQTest.Compute(table).Q;
        var rows = table.Select(r => r.Count(x => x)).ToArray();
        var choices = rows.Select(total => Enumerable.Range(0, 1 << k)
            .Where(m => System.Numerics.BitOperations.PopCount((uint)m) == total)
            .Select(m => Enumerable.Range(0, k).Select(j => ((m >> j) & 1) == 1).ToArray())
            .ToArray()).ToArray();
        var atLeast = 0L;
        var all = 0L;
        var current = new bool[rows.Length][];
        void Visit(int i)
        {
            if (i == rows.Length)
            {
                all++;
                if (Q(current, k) >= observed - 1e-9)
                {
                    atLeast++;
                }
                return;
            }
            foreach (var choice in choices[i])
            {
                current[i] = choice;
                Visit(i + 1);
            }
        }
        Visit(0);
        return (double)atLeast / all;
    }

    private static double Q(bool[][] table, int k)
    {
        var columns = Enumerable.Range(0, k).Select(j => table.Count(r => r[j])).ToArray();
        var rows = table.Select(r => r.Count(x => x)).ToArray();
        var n = rows.Sum();
        var denominator = (k * n) - rows.Sum(r => r * r);
        return denominator == 0 ? 0 : (double)(k - 1) * ((k * columns.Sum(c => c * c)) - (n * n)) / denominator;
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
