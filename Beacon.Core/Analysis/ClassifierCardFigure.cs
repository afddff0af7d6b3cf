namespace Beacon.Core.Analysis;

/// <summary>
/// One measured rate with its Wilson 95 % interval, e.g. refusal-or-partial recall on held-out Chinese answers.
/// <see cref="Count"/> is the fraction behind it ("112/120"); <see cref="N"/> is the number of answers in the slice.
/// Metrics: "refusal-or-partial recall", "refusal-or-partial precision", "refusal precision", "refusal recall",
/// "partial recall", "accuracy".
/// </summary>
public sealed record ClassifierCardFigure(
    string Split,
    string Source,
    string Language,
    int N,
    string Metric,
    double Value,
    double Low,
    double High,
    string Count);
