namespace Beacon.Infrastructure.Services;

/// <summary>A job as the review pages name it.</summary>
public sealed record ReviewJob(Guid Id, string Name);
