using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class ClassifierCardTests
{
    [Fact]
    public void TheEmbeddedCardDescribesTheShippedClassifier()
    {
        var card = ClassifierCard.Current;

        Assert.Equal(ResponseClassifier.Version, card.Version);
        Assert.Contains(card.Sources, s => s.Role == "train");
        Assert.Contains(card.Sources, s => s.Role == "held-out");
        Assert.All(card.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence)));
        Assert.NotEmpty(card.KnownFailureModes);
    }

    [Fact]
    public void HeldOutFiguresExistPerLanguageWithWilsonIntervals()
    {
        var card = ClassifierCard.Current;

        foreach (var language in new[] { "all", "en", "zh-Hans" })
        {
            var recall = card.FiguresFor("held-out", "all", language).Single(f => f.Metric == "refusal-or-partial recall");
            Assert.InRange(recall.Value, recall.Low, recall.High);
            Assert.True(recall.High - recall.Low > 0, "an interval, not a point");
        }
    }

    [Fact]
    public void TheCardSurvivesARoundTripThroughJson()
    {
        var card = ClassifierCard.Current;

        var again = ClassifierCard.Parse(card.ToJson());

        Assert.Equal(card.Version, again.Version);
        Assert.Equal(card.Figures, again.Figures);
        Assert.Equal(card.Targets, again.Targets);
    }
}
