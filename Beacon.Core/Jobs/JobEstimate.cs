namespace Beacon.Core.Jobs;

/// <summary>
/// A rough, up-front estimate of a job's duration and GPU cost, shown while a researcher composes it. Each region is
/// one container (one T4) serving every model; regions run side by side, so the duration is one cold start plus the
/// region's calls in rounds of <see cref="JobEstimateAssumptions.ConcurrencyPerRegion"/> warm calls. The cost is each
/// region's container time (duration plus idle timeout) at the T4 price, times the region-pinning surcharge.
/// </summary>
public sealed record JobEstimate(int Executions, TimeSpan Duration, double GpuHours, decimal CostLowUsd, decimal CostHighUsd)
{
    public static JobEstimate Empty { get; } = new(0, TimeSpan.Zero, 0, 0, 0);

    public static JobEstimate For(int questions, int models, int regions, int repeats, JobEstimateAssumptions? assumptions = null)
    {
        var a = assumptions ?? JobEstimateAssumptions.Default;
        if (questions <= 0 || models <= 0 || regions <= 0 || repeats <= 0)
        {
            return Empty;
        }

        var executions = (long)questions * models * regions * repeats;
        var callsPerRegion = (long)questions * models * repeats;
        var rounds = Math.Ceiling(callsPerRegion / (double)Math.Max(1, a.ConcurrencyPerRegion));
        var duration = a.ColdStart + TimeSpan.FromSeconds(rounds * a.WarmCall.TotalSeconds);
        var gpuHours = regions * (duration + a.IdleTimeout).TotalHours;
        var listCost = (decimal)gpuHours * a.GpuDollarsPerHour;
        return new JobEstimate(
            (int)Math.Min(executions, int.MaxValue), duration, gpuHours,
            Math.Round(listCost * a.RegionPinningLow, 2), Math.Round(listCost * a.RegionPinningHigh, 2));
    }
}
