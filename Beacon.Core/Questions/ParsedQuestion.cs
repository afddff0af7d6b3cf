namespace Beacon.Core.Questions;

/// <summary>
/// One question read from a file, as it will be stored. <see cref="IdGenerated"/> is true when the file gave no id and
/// one was made from the set's slug; <see cref="LanguageDetected"/> when the file gave no language and it was told
/// from the script. <see cref="Group"/> links variants of one question in other languages (the file's group, else the id).
/// </summary>
public sealed record ParsedQuestion(
    int Line,
    int Position,
    string Id,
    string Category,
    string Text,
    string Language,
    bool IdGenerated,
    bool LanguageDetected,
    string Group);
