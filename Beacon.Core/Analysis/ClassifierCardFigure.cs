namespace Beacon.Core.Analysis;

/// <summary>
/// One measured figure: <see cref="Metric"/> (e.g. refusal-recall) on one split, source and language ("all" when mixed),
/// as <see cref="Value"/> = <see cref="Count"/> / <see cref="N"/> with its 95% Wilson interval [<see cref="Low"/>, <see cref="High"/>].
/// </summary>
public sealed record ClassifierCardFigure
{
    public string Split { get; init; } = "";
    public string Source { get; init; } = "";
    public string Language { get; init; } = "";
    public int N { get; init; }
    public string Metric { get; init; } = "";
    public double Value { get; init; }
    public double? Low { get; init; }
    public double? High { get; init; }
    public int? Count { get; init; }
}
