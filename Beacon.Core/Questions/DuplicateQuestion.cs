namespace Beacon.Core.Questions;

/// <summary>
/// A row whose text (normalised: NFKC, case-folded, whitespace collapsed) is already in the file at
/// <see cref="DuplicateOfLine"/> or already in the catalogue as <see cref="DuplicateOfId"/>. Duplicates are not
/// imported; they do not make the file invalid.
/// </summary>
public sealed record DuplicateQuestion(int Line, string Text, int? DuplicateOfLine, string? DuplicateOfId)
{
    public override string ToString() => DuplicateOfLine is { } line
        ? $"line {Line}: same text as line {line}"
        : $"line {Line}: same text as the existing question '{DuplicateOfId}'";
}
