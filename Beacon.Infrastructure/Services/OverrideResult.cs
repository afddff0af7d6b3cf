using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Services;

/// <summary>The outcome of setting or clearing a class override, with the execution as it now reads.</summary>
public sealed record OverrideResult(JobActionOutcome Outcome, Execution? Execution, string Message);
