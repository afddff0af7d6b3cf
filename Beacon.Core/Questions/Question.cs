namespace Beacon.Core.Questions;

/// <summary>A question as the catalogue holds it; jobs snapshot the text at submission.</summary>
public sealed record Question(string Id, string Category, string Text, string Language = "en");
