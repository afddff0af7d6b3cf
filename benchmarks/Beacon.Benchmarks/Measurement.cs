namespace Beacon.Benchmarks;

public sealed record Measurement(string Scenario, string Metric, double Value, string Unit, string Target, bool? Met);
