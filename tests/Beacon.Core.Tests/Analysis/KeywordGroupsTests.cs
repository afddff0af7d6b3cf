using Beacon.Core.Analysis;

namespace Beacon.Core.Tests.Analysis;

public sealed class KeywordGroupsTests
{
    [Fact]
    public void CountsEnglishMentionsIncludingInflectedForms()
    {
        var counts = KeywordGroups.CountMentions(
            "Protesters demanded democracy and free elections; the government answered with censorship and banned rallies.");

        Assert.Equal(2, counts["democracy"]);
        Assert.Equal(1, counts["government"]);
        Assert.Equal(2, counts["protest"]);
        Assert.Equal(2, counts["censorship"]);
        Assert.Equal(0, counts["human rights"]);
    }

    [Fact]
    public void CountsChineseMentionsWithoutWordBoundaries()
    {
        var counts = KeywordGroups.CountMentions("1989年，学生在天安门广场抗议，要求民主和新闻自由，政府随后宣布戒严。");

        Assert.Equal(1, counts["protest"]);
        Assert.Equal(1, counts["democracy"]);
        Assert.Equal(1, counts["human rights"]);
        Assert.Equal(1, counts["government"]);
        Assert.Equal(0, counts["censorship"]);
    }

    [Fact]
    public void CountsTraditionalChineseAsWell()
    {
        var counts = KeywordGroups.CountMentions("2019年香港爆發大規模遊行，市民爭取普選。");

        Assert.Equal(1, counts["protest"]);
        Assert.Equal(1, counts["democracy"]);
    }

    [Fact]
    public void CountsACompoundTermOnce()
    {
        Assert.Equal(1, KeywordGroups.CountMentions("数十万人参加示威游行。")["protest"]);
    }

    [Fact]
    public void AvoidsCommonFalseFriends()
    {
        var counts = KeywordGroups.CountMentions("The United States demonstrates that the printing press changed the state of learning.");

        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public void ReportsEveryGroupForAnEmptyAnswer()
    {
        var counts = KeywordGroups.CountMentions(null);

        Assert.Equal(
            new HashSet<string> { "democracy", "government", "protest", "censorship", "human rights" },
            counts.Keys.ToHashSet());
        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public void AcceptsCustomGroups()
    {
        KeywordGroup[] groups = [new("xinjiang", ["uyghur", "uighur", "新疆", "维吾尔"])];

        var counts = KeywordGroups.CountMentions("Uyghurs in 新疆; the Uighur diaspora.", groups);

        Assert.Equal(3, counts["xinjiang"]);
    }
}
