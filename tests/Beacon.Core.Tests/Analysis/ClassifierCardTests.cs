using System.Text;
using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class ClassifierCardTests
{
    [Fact]
    public void TheShippedCardDescribesTheCurrentClassifierWithIntervals()
    {
        var card = ClassifierCard.Current;

        Assert.Equal(ResponseClassifier.Version, card.Version);
        Assert.NotEmpty(card.Sources);
        Assert.All(card.Sources, s => Assert.False(string.IsNullOrWhiteSpace(s.Licence)));
        Assert.Contains(card.Sources, s => s.Role == "held-out");
        Assert.All(card.Figures, f => Assert.True(f.Low <= f.Value && f.Value <= f.High, $"{f.Metric} {f.Split}: {f.Value} outside [{f.Low}, {f.High}]"));
        Assert.All(card.Figures, f => Assert.Contains(card.Sources, s => s.Name == f.Source));
        // docs/classifier.md: blind refusal recall 35 of 53.
        var blind = card.Figures.Single(f => f is { Split: "held-out", Metric: "refusal-recall" });
        Assert.Equal((35, 53, 0.66), (blind.Count!.Value, blind.N, Math.Round(blind.Value, 2)));
        Assert.Contains(card.Targets, t => !t.Met);
        Assert.NotEmpty(card.KnownFailureModes);
    }

    [Fact]
    public void ACardWithoutListsReadsAsEmptyLists()
    {
        using var json = new MemoryStream(Encoding.UTF8.GetBytes("{\"version\": \"x-1\", \"figures\": null}"));

        var card = ClassifierCard.Load(json);

        Assert.Equal("x-1", card.Version);
        Assert.Empty(card.Figures);
        Assert.Empty(card.Sources);
        Assert.Empty(card.Targets);
        Assert.Empty(card.KnownFailureModes);
    }
}
