namespace Beacon.Core.Analysis;

/// <summary>A target the classifier is held to (e.g. refusal-precision >= 0.95 on held-out answers) and whether it is met.</summary>
public sealed record ClassifierCardTarget
{
    public string Metric { get; init; } = "";
    public double Threshold { get; init; }
    public bool Met { get; init; }
}
