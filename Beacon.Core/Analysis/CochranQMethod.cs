namespace Beacon.Core.Analysis;

/// <summary>Which p-value <see cref="CochranQResult.PValue"/> reports.</summary>
public enum CochranQMethod
{
    /// <summary>The exact conditional (permutation) distribution of Q given each question's row total.</summary>
    ExactConditional,

    /// <summary>The χ²(k - 1) approximation; used only when the exact distribution is too large to enumerate.</summary>
    ChiSquare,
}
