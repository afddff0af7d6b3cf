namespace Beacon.Web.Endpoints.Contracts;

/// <summary>A researcher's class for an execution: Substantive, Partial, Refusal or TechnicalFailure, and why.</summary>
public sealed record ClassificationOverrideRequest(string? Class, string? Note);
