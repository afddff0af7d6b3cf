using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;

namespace Beacon.Web.Components.Jobs;

/// <summary>One model's cells of one question in a <see cref="JobRowSet"/> (regions and repeats, in plan order).</summary>
public sealed class ModelRowGroup(string model)
{
    public string Model { get; } = model;

    /// <summary>Changed in place as rows change (same count, same order).</summary>
    public List<ExecutionRow> Cells { get; } = [];

    public StatusCounts Counts { get; internal set; } = StatusCounts.Empty;
}
