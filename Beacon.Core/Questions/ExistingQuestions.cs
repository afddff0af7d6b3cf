namespace Beacon.Core.Questions;

/// <summary>The catalogue an import is checked against: which ids are taken, and which texts (by normalised key) exist.</summary>
public sealed class ExistingQuestions
{
    private ExistingQuestions(HashSet<string> ids, Dictionary<string, string> idsByTextKey)
    {
        Ids = ids;
        IdsByTextKey = idsByTextKey;
    }

    public static ExistingQuestions None { get; } = From([]);

    public IReadOnlySet<string> Ids { get; }

    /// <summary>Normalised text (<see cref="QuestionText.Key"/>) to the id of the first question with it.</summary>
    public IReadOnlyDictionary<string, string> IdsByTextKey { get; }

    public static ExistingQuestions From(IEnumerable<(string Id, string Text)> questions) => From(questions, []);

    /// <summary>
    /// <paramref name="questions"/> take their ids and count as duplicates; <paramref name="otherIds"/> only take their ids
    /// (questions of private sets the importer cannot use: a copy of their text is no duplicate for this importer).
    /// </summary>
    public static ExistingQuestions From(IEnumerable<(string Id, string Text)> questions, IEnumerable<string> otherIds)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(otherIds);
        var ids = new HashSet<string>(otherIds, StringComparer.Ordinal);
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (id, text) in questions)
        {
            ids.Add(id);
            byKey.TryAdd(QuestionText.Key(text), id);
        }
        return new ExistingQuestions(ids, byKey);
    }
}
