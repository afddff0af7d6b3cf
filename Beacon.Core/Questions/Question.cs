namespace Beacon.Core.Questions;

/// <summary>
/// A question as the catalogue holds it; jobs snapshot the text at submission. <paramref name="Group"/> links the
/// variants of one question in other languages (one per language); null means the question is its own group.
/// </summary>
public sealed record Question(string Id, string Category, string Text, string Language = "en", string? Group = null)
{
    /// <summary>The variant group: the same for a question and its translations.</summary>
    public string VariantGroup => Group ?? Id;
}
