namespace Beacon.Infrastructure.Services;

/// <summary>The orders the jobs list offers.</summary>
public enum JobSort
{
    CreatedAt,
    Name,
    Status,
    ExecutionCount,
}
