namespace Beacon.Infrastructure.Services;

public enum JobActionOutcome
{
    Done,
    NotFound,
    NotAllowed,
}

/// <summary>The result of cancel or retry-failed: what happened, how many cells it touched, and why not if refused.</summary>
public sealed record JobActionResult(JobActionOutcome Outcome, int Cells, string Message);
