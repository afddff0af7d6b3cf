namespace Beacon.Infrastructure.Services;

/// <summary>A drawn review sample: its size rule, seed (to reproduce the draw), how many items and strata it has, and its jobs.</summary>
public sealed record ReviewSampleSummary(Guid Id, DateTimeOffset CreatedAt, string CreatedBy, int? PerStratum, double? Share, int Seed, int Items, int Strata,
    IReadOnlyList<Guid> Jobs);
