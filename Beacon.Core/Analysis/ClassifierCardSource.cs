namespace Beacon.Core.Analysis;

/// <summary>
/// One body of labelled answers the classifier was built or measured on, and its role: <c>train</c> (used to build or
/// tune), <c>held-out</c> (never tuned on: the honest estimate) or <c>regression</c> (kept to catch regressions).
/// </summary>
public sealed record ClassifierCardSource
{
    public string Name { get; init; } = "";
    public string Url { get; init; } = "";
    public string Licence { get; init; } = "";
    public IReadOnlyList<string> Models { get; init; } = [];
    public IReadOnlyList<string> Languages { get; init; } = [];
    public int Items { get; init; }
    public string Role { get; init; } = "";
}
