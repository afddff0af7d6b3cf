namespace Beacon.Infrastructure.Services;

/// <summary>A reviewer's label: a class, or skipped, with an optional note.</summary>
public sealed record ReviewerLabel(string? Class, bool Skipped, string? Note, DateTimeOffset LabelledAt);
