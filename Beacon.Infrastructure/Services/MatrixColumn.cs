namespace Beacon.Infrastructure.Services;

/// <summary>One column of the results matrix: a model in a region, with a persona (the region's own unless the job varies it).</summary>
public sealed record MatrixColumn(string Model, string Region, string Persona)
{
    /// <summary>The cell ran with its serving region's own persona.</summary>
    public bool OwnPersona => Persona == Region;
}
