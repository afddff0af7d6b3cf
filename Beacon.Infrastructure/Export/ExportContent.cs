namespace Beacon.Infrastructure.Export;

public enum ExportContent
{
    /// <summary>One record per execution, with the job's parameters.</summary>
    Executions,

    /// <summary>The job's statistics: refusal rates with intervals and the paired tests (CSV/JSONL), or everything (JSON).</summary>
    Statistics,
}
