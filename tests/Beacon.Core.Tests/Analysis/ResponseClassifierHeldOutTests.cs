using Beacon.Core.Analysis;
using Xunit.Abstractions;

namespace Beacon.Core.Tests.Analysis;

/// <summary>
/// The shipped classifier on real answers it was never trained on (held-out models and a held-out source, English
/// and Chinese), against issue #12's targets. A target the card records as met must hold; a target the card records
/// as missed must not get worse than the achieved figure written in the card, so a missed goal can neither be
/// hidden nor silently loosened. Print the figures with:
/// dotnet test tests/Beacon.Core.Tests --filter "FullyQualifiedName~ResponseClassifierHeldOutTests" --logger "console;verbosity=detailed"
/// </summary>
public sealed class ResponseClassifierHeldOutTests(ITestOutputHelper output)
{
    private const double RequiredFlaggedRecall = 0.90;
    private const double RequiredFlaggedPrecision = 0.95;
    private const double RequiredRefusalPrecision = 0.95;
    private const double MaximumLanguageRecallGap = 0.05;

    private static readonly Lazy<(IReadOnlyList<RealAnswerCase> Cases, ResponseClass[] Predicted)> Run = new(() =>
    {
        var cases = RealAnswerCase.LoadHeldOut();
        var classifier = new ResponseClassifier();
        return (cases, cases.Select(c => classifier.Classify(c.ToInput()).Class).ToArray());
    });

    [Fact]
    public void HeldOutSplitHasEnglishAndChineseAnswersOfEveryClass()
    {
        var (cases, _) = Run.Value;

        foreach (var language in new[] { "en", "zh-Hans" })
        {
            foreach (var c in new[] { ResponseClass.Substantive, ResponseClass.Partial, ResponseClass.Refusal })
            {
                Assert.True(cases.Count(x => x.Language == language && x.Expected == c) >= 40, $"{language} {c}");
            }
        }
    }

    [Fact]
    public void RefusalOrPartialRecallMeetsTheTargetOrTheRecordedFigure() =>
        AssertTarget("refusal-or-partial recall", RequiredFlaggedRecall, Rate("all", (e, p) => Flagged(e) && Flagged(p), (e, _) => Flagged(e)));

    [Fact]
    public void RefusalOrPartialPrecisionMeetsTheTargetOrTheRecordedFigure() =>
        AssertTarget("refusal-or-partial precision", RequiredFlaggedPrecision, Rate("all", (e, p) => Flagged(e) && Flagged(p), (_, p) => Flagged(p)));

    [Fact]
    public void RefusalPrecisionMeetsTheTargetOrTheRecordedFigure() =>
        AssertTarget("refusal precision", RequiredRefusalPrecision,
            Rate("all", (e, p) => p == ResponseClass.Refusal && e == p, (_, p) => p == ResponseClass.Refusal));

    [Fact]
    public void ChineseRecallIsWithinFivePointsOfEnglishOrNoWorseThanRecorded()
    {
        var en = Rate("en", (e, p) => Flagged(e) && Flagged(p), (e, _) => Flagged(e));
        var zh = Rate("zh-Hans", (e, p) => Flagged(e) && Flagged(p), (e, _) => Flagged(e));
        var gap = Math.Abs(en - zh);
        var target = ClassifierCard.Current.Targets.Single(t => t.Metric == "chinese recall gap");
        output.WriteLine($"refusal-or-partial recall en {en:0.000}, zh-Hans {zh:0.000}, gap {gap:0.000}");

        Assert.Equal(MaximumLanguageRecallGap, target.Threshold);
        Assert.Equal(gap <= MaximumLanguageRecallGap, target.Met);
        Assert.True(gap <= Math.Max(MaximumLanguageRecallGap, Math.Abs(target.Achieved ?? 0) + 0.0005), $"gap {gap:0.000} is worse than the recorded {target.Achieved}");
    }

    [Fact]
    public void TheCardsHeldOutFiguresAreTheOnesTheShippedClassifierProduces()
    {
        var figure = ClassifierCard.Current.FiguresFor("held-out").Single(f => f.Metric == "accuracy");
        var (cases, predicted) = Run.Value;
        var correct = cases.Where((c, i) => c.Expected == predicted[i]).Count();

        Assert.Equal($"{correct}/{cases.Count}", figure.Count);
    }

    [Fact]
    public void TraditionalScriptCopiesOfTheChineseAnswersAreFlaggedAsOftenAsTheCardRecords()
    {
        // Converted by OpenCC, not real zh-Hant answers: this checks that the script alone does not hide refusals.
        var converted = RealAnswerCase.LoadConvertedTraditional();
        var classifier = new ResponseClassifier();
        var flagged = converted.Where(c => Flagged(c.Expected)).ToList();
        var found = flagged.Count(c => Flagged(classifier.Classify(c.ToInput()).Class));
        var recorded = ClassifierCard.Current.FiguresFor("converted").Single(f => f.Metric == "refusal-or-partial recall");
        output.WriteLine($"converted zh-Hant refusal-or-partial recall {found}/{flagged.Count} (card: {recorded.Count})");

        Assert.Equal(450, converted.Count);
        Assert.Equal(recorded.Count, $"{found}/{flagged.Count}");
    }

    private static bool Flagged(ResponseClass c) => c is ResponseClass.Partial or ResponseClass.Refusal;

    private static double Rate(string language, Func<ResponseClass, ResponseClass, bool> success, Func<ResponseClass, ResponseClass, bool> trial)
    {
        var (cases, predicted) = Run.Value;
        int s = 0, n = 0;
        for (var i = 0; i < cases.Count; i++)
        {
            if (language != "all" && cases[i].Language != language)
            {
                continue;
            }

            n += trial(cases[i].Expected, predicted[i]) ? 1 : 0;
            s += trial(cases[i].Expected, predicted[i]) && success(cases[i].Expected, predicted[i]) ? 1 : 0;
        }

        return (double)s / n;
    }

    private void AssertTarget(string metric, double threshold, double measured)
    {
        var target = ClassifierCard.Current.Targets.Single(t => t.Metric == metric);
        output.WriteLine($"{metric}: measured {measured:0.000}, target {threshold}, card says met={target.Met} (achieved {target.Achieved})");

        Assert.Equal(threshold, target.Threshold);
        if (target.Met)
        {
            Assert.True(measured >= threshold, $"{metric} {measured:0.000} is below the target {threshold}");
        }
        else
        {
            // Missed goal: documented in docs/classifier.md; the measured figure may not fall below the recorded one.
            Assert.True(measured < threshold, $"{metric} {measured:0.000} now meets {threshold}: update the card");
            Assert.True(measured >= (target.Achieved ?? 1) - 0.0005, $"{metric} {measured:0.000} is below the recorded {target.Achieved}");
        }
    }
}
