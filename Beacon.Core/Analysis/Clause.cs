namespace Beacon.Core.Analysis;

/// <summary>A span of <see cref="AnswerText.Folded"/>; <see cref="Sentence"/> is the 0-based sentence it belongs to.</summary>
internal readonly record struct Clause(int Start, int Length, int Sentence)
{
    public int End => Start + Length;
}
