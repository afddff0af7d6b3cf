namespace Beacon.Infrastructure.Export;

public enum ExportFormat
{
    Csv,
    Json,
    Jsonl,
}
