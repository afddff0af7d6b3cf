using Beacon.Core.Analysis.Diff;

namespace Beacon.Core.Tests.Analysis;

public sealed class WordDiffTests
{
    private static string Render(WordDiffResult diff) => string.Concat(diff.Segments.Select(s => s.Kind switch
    {
        DiffKind.Inserted => "{+" + s.Text.TrimEnd() + "+}" + s.Text[s.Text.TrimEnd().Length..],
        DiffKind.Deleted => "[-" + s.Text.TrimEnd() + "-]" + s.Text[s.Text.TrimEnd().Length..],
        _ => s.Text,
    }));

    [Fact]
    public void IdenticalTextsHaveNoChanges()
    {
        var diff = WordDiff.Compare("Paris is the capital of France.", "Paris is the capital of France.");

        Assert.True(diff.Identical);
        Assert.Equal(7, diff.Unchanged);
        Assert.Single(diff.Segments);
        Assert.Equal(1, diff.Overlap);
    }

    [Fact]
    public void AChangedWordIsDeletedFromTheBaselineAndInsertedInItsPlace()
    {
        var diff = WordDiff.Compare("Taiwan is a self-governing democracy.", "Taiwan is a province of China.");

        Assert.Equal("Taiwan is a [-self-governing democracy-]{+province of China+}.", Render(diff));
        Assert.Equal(4, diff.Unchanged);
        Assert.Equal(3, diff.Inserted);
        Assert.Equal(4, diff.Deleted);
    }

    [Fact]
    public void WhitespaceAndLineBreaksAreNotDifferences()
    {
        var diff = WordDiff.Compare("The answer\n\nis   four.", "The answer is four.");

        Assert.True(diff.Identical);
        // The compared text's own spacing is kept.
        Assert.Equal("The answer is four.", string.Concat(diff.Segments.Select(s => s.Text)));
    }

    [Fact]
    public void CaseIsADifference()
    {
        var diff = WordDiff.Compare("Democracy", "democracy");

        Assert.Equal(1, diff.Inserted);
        Assert.Equal(1, diff.Deleted);
    }

    [Fact]
    public void ChineseIsComparedCharacterByCharacter()
    {
        var diff = WordDiff.Compare("抱歉，我无法回答这个问题。", "抱歉，我可以回答这个问题。");

        Assert.Equal(2, diff.Deleted);
        Assert.Equal(2, diff.Inserted);
        Assert.Equal("抱歉，我[-无法-]{+可以+}回答这个问题。", Render(diff));
    }

    [Fact]
    public void AgainstAnEmptyBaselineEveryWordIsInserted()
    {
        var diff = WordDiff.Compare(null, "I cannot help with that.");

        Assert.Equal(6, diff.Inserted);
        Assert.Equal(0, diff.Deleted);
        Assert.Equal(0, diff.Unchanged);
        Assert.Equal(0, diff.Overlap);
    }

    [Fact]
    public void DeletedWordsStandWhereTheyWereDroppedAndNeverGlueToTheNextWord()
    {
        var diff = WordDiff.Compare("Soldiers opened fire on protesters.", "Soldiers opened on protesters.");

        Assert.Equal("Soldiers opened [-fire-] on protesters.", Render(diff));
    }

    [Fact]
    public void HtmlInAnAnswerIsJustWordsAndPunctuation()
    {
        var diff = WordDiff.Compare("<b>yes</b>", "<b>no</b>");

        Assert.Equal("<b>[-yes-]{+no+}</b>", Render(diff));
    }
}
