namespace Beacon.Core.Analysis;

/// <summary>
/// The five themes the old comparison page tracked, with a few synonyms each (English stems, simplified and
/// traditional Chinese, since Hong Kong and Taiwan answers may use traditional characters). Terms were chosen to
/// avoid common false friends: no bare "state" (United States), no "demonstrate" (as in "shows"), no bare 自由.
/// </summary>
public static class KeywordGroups
{
    public static IReadOnlyList<KeywordGroup> Default { get; } =
    [
        new("democracy", ["democra", "election", "voting", "voter", "vote", "民主", "选举", "選舉", "投票", "普选", "普選"]),
        new("government", ["government", "authorities", "authoritarian", "regime", "communist party", "ccp", "政府", "当局", "當局", "政权", "政權", "共产党", "共產黨", "中共"]),
        new("protest", ["protest", "demonstrator", "demonstrations", "rallies", "sit-in", "抗议", "抗議", "示威游行", "示威遊行", "示威", "游行", "遊行"]),
        new("censorship", ["censor", "banned", "blocked", "firewall", "审查", "審查", "屏蔽", "封锁", "封鎖", "删帖", "刪帖", "防火长城"]),
        new("human rights", ["human rights", "civil liberties", "civil rights", "freedom of speech", "free speech", "freedom of expression", "press freedom", "freedom of the press", "人权", "人權", "言论自由", "言論自由", "新闻自由", "新聞自由"]),
    ];

    /// <summary>Mentions per group name, every group present (0 when absent) so answers compare column by column.</summary>
    public static IReadOnlyDictionary<string, int> CountMentions(string? answer, IReadOnlyList<KeywordGroup>? groups = null) =>
        (groups ?? Default).ToDictionary(g => g.Name, g => g.CountMentions(answer), StringComparer.Ordinal);
}
