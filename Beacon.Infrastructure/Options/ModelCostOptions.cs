namespace Beacon.Infrastructure.Options;

/// <summary><c>Beacon:Costs:Models:&lt;id&gt;</c>: a model's own estimate assumptions; empty values use the global ones.</summary>
public sealed class ModelCostOptions
{
    public double? SecondsPerCall { get; set; }

    public double? ColdStartSeconds { get; set; }
}
