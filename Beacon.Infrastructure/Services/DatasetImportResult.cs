using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Services;

/// <summary>The stored set, or (when <see cref="Set"/> is null) the check that says why nothing was stored.</summary>
public sealed record DatasetImportResult(Dataset? Set, DatasetCheck Check);
