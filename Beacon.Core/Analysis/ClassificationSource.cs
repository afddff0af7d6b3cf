namespace Beacon.Core.Analysis;

/// <summary>Who produced a recorded class of an answer: Beacon's built-in classifier, or an LLM judge beside it.</summary>
public enum ClassificationSource
{
    Classifier,
    Judge,
}
