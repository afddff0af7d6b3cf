using Beacon.Core.Jobs;

namespace Beacon.Infrastructure.Data;

public sealed class Job
{
    public Guid Id { get; set; }
    public string Name { get; set; } = "";
    public JobStatus Status { get; set; }
    /// <summary>The questions as they read at submission (id, category, text), so later catalogue edits change nothing.</summary>
    public List<JobQuestion> Questions { get; set; } = [];
    public List<string> Models { get; set; } = [];
    public List<string> Regions { get; set; } = [];
    /// <summary>The personas as requested (region codes, "none", "matched"); empty: each region's own persona only.</summary>
    public List<string> Personas { get; set; } = [];
    public int Repeats { get; set; }
    public double Temperature { get; set; }
    public int MaxTokens { get; set; }
    public int? Seed { get; set; }
    public string SystemPromptTemplate { get; set; } = "";
    /// <summary>Also have the configured LLM judge classify the answers once the job has finished (beside the built-in class).</summary>
    public bool Judge { get; set; }
    public int ExecutionCount { get; set; }
    public string SubmittedBy { get; set; } = "";
    public string? IdempotencyKey { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? QueuedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
    public DateTimeOffset? CancelRequestedAt { get; set; }
}
