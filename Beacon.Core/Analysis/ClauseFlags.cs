namespace Beacon.Core.Analysis;

/// <summary>What a clause does instead of informing. A clause with any flag contributes no content.</summary>
[Flags]
internal enum ClauseFlags
{
    None = 0,
    Refusal = 1,
    Disclaimer = 2,
    Caveat = 4,
    Deflection = 8,
    Boilerplate = 16,
}
