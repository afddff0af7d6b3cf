namespace Beacon.Web.Endpoints.Contracts;

/// <summary>A reviewer's label: a class (Substantive, Partial, Refusal, TechnicalFailure) or <c>skipped</c>, and an optional note.</summary>
public sealed record ReviewLabelRequest(string? Class, bool? Skipped, string? Note);
