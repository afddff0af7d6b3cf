namespace Beacon.Core.Review;

/// <summary>
/// The classifier's precision and recall for one class on an evaluation set, over all answers (<see cref="Language"/>
/// "all") or one answer language, each a proportion with its 95% Wilson interval: precision = correct / predicted as the
/// class, recall = correct / labelled as the class by humans. An interval with no trials is empty (no answer predicted or
/// labelled as the class).
/// </summary>
public sealed record ClassAccuracy(string Language, string Class, MeasuredShare Precision, MeasuredShare Recall);
