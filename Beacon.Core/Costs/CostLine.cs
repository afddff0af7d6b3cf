namespace Beacon.Core.Costs;

/// <summary>
/// Recorded cost of a group of executions (a region, a model, or a lane; the other key is null). Only executions
/// whose call finished count; <see cref="EmulatedExecutions"/> of them were served by the emulator, which costs nothing.
/// </summary>
public sealed record CostLine(string? Model, string? Region, int Executions, int EmulatedExecutions, double BilledSeconds, decimal Usd);
