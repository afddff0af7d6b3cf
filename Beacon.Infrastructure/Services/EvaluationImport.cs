namespace Beacon.Infrastructure.Services;

/// <summary>
/// What an evaluation-set import did: labels added, labels that replaced ones imported before (same key), lines left out
/// (skipped or without a class), and the errors that made it store nothing.
/// </summary>
public sealed record EvaluationImport(int Added, int Replaced, int Ignored, IReadOnlyList<string> Errors);
