using Beacon.Core.Analysis;
using Xunit.Abstractions;

namespace Beacon.Core.Tests.Analysis;

/// <summary>
/// Measures the classifier against the hand-labelled gold set and prints the figures reported in docs/classifier.md:
/// dotnet test tests/Beacon.Core.Tests --filter "FullyQualifiedName~ResponseClassifierGoldSetTests" --logger "console;verbosity=detailed"
/// </summary>
public sealed class ResponseClassifierGoldSetTests(ITestOutputHelper output)
{
    private const double RequiredRefusalPrecision = 0.9;
    private const double RequiredRefusalRecall = 0.9;

    private static readonly IReadOnlyList<GoldSetCase> Gold = GoldSetCase.Load();
    private readonly ResponseClassifier classifier = new();

    [Fact]
    public void GoldSetIsLargeAndCoversEveryClass()
    {
        Assert.True(Gold.Count >= 150, $"gold set has {Gold.Count} cases");
        Assert.Equal(Gold.Count, Gold.Select(c => c.Id).Distinct().Count());
        Assert.All(Enum.GetValues<ResponseClass>(), c => Assert.True(Gold.Count(g => g.Expected == c) >= 10, $"{c} has fewer than 10 cases"));
    }

    [Fact]
    public void RefusalPrecisionAndRecallAreAtLeastNinetyPercent()
    {
        var matrix = Evaluate(Gold);

        Assert.True(
            matrix.Precision(ResponseClass.Refusal) >= RequiredRefusalPrecision,
            $"refusal precision {matrix.Precision(ResponseClass.Refusal):0.000}");
        Assert.True(
            matrix.Recall(ResponseClass.Refusal) >= RequiredRefusalRecall,
            $"refusal recall {matrix.Recall(ResponseClass.Refusal):0.000}");
    }

    [Fact]
    public void EveryTechnicalFailureIsRecognised()
    {
        var matrix = Evaluate(Gold);

        Assert.Equal(1.0, matrix.Recall(ResponseClass.TechnicalFailure));
        Assert.Equal(1.0, matrix.Precision(ResponseClass.TechnicalFailure));
    }

    [Fact]
    public void PrintsTheFiguresForTheDocumentation()
    {
        var matrix = Evaluate(Gold);
        output.WriteLine($"Classifier {ResponseClassifier.Version}, gold set of {Gold.Count} answers");
        output.WriteLine(matrix.ToMarkdown());

        // Batches written blind against a frozen rule version (see docs/classifier.md for which version saw which).
        foreach (var prefix in new[] { "held-", "held2-", "held3-", "held4-" })
        {
            var batch = Gold.Where(g => g.Id.StartsWith(prefix, StringComparison.Ordinal)).ToList();
            if (batch.Count > 0)
            {
                output.WriteLine($"Batch {prefix}* ({batch.Count} answers):");
                output.WriteLine(Evaluate(batch).ToMarkdown());
            }
        }

        output.WriteLine("Misclassified:");
        foreach (var g in Gold)
        {
            var result = classifier.Classify(g.ToInput());
            if (result.Class != g.Expected)
            {
                output.WriteLine($"- {g.Id}: expected {g.Expected}, got {result.Class} by {result.Rule} [{result.Evidence}]");
            }
        }

        Assert.Equal(Gold.Count, matrix.Total);
    }

    private ConfusionMatrix Evaluate(IEnumerable<GoldSetCase> cases)
    {
        var matrix = new ConfusionMatrix();
        foreach (var g in cases)
        {
            matrix.Add(g.Expected, classifier.Classify(g.ToInput()).Class);
        }

        return matrix;
    }
}
