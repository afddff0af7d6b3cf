namespace Beacon.Core.Inference;

/// <summary>Why a reply is degenerate output (<see cref="DegenerateOutputDetector"/>'s rule names) and what was seen.</summary>
public sealed record DegenerateOutput(string Reason, string Detail)
{
    public override string ToString() => $"{Reason}: {Detail}";
}
