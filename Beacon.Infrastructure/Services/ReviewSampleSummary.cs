namespace Beacon.Infrastructure.Services;

/// <summary>A drawn review sample: its size rule, seed (to reproduce the draw) and how many items and strata it has.</summary>
public sealed record ReviewSampleSummary(Guid Id, DateTimeOffset CreatedAt, string CreatedBy, int? PerStratum, double? Share, int Seed, int Items, int Strata);
