using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Beacon.Benchmarks;

/// <summary>Memory of a running .NET process, read from outside over its diagnostics port (EventPipe).</summary>
public sealed record MemorySample(double WorkingSetMb, double GcHeapAfterFullGcMb, bool GcInduced);

public static class RuntimeCounters
{
    private const long GcKeyword = 0x1;

    // The runtime induces a full blocking GC when a session enables this keyword (what dotnet-gcdump relies on).
    private const long GcHeapCollectKeyword = 0x800000;

    /// <summary>
    /// Induces a full, blocking GC in <paramref name="processId"/>, then reads the managed heap size the GC reports at
    /// its end (live objects only) and the process's working set (resident memory, /proc).
    /// </summary>
    public static async Task<MemorySample> MeasureAsync(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var heap = new TaskCompletionSource<double>(TaskCreationOptions.RunContinuationsAsynchronously);
        var providers = new[] { new EventPipeProvider("Microsoft-Windows-DotNETRuntime", EventLevel.Informational, GcKeyword | GcHeapCollectKeyword) };
        using var session = client.StartEventPipeSession(providers, requestRundown: false);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var induced = false;
            source.Clr.GCStart += (GCStartTraceData e) => induced = e.Reason == GCReason.Induced && e.Depth == 2;
            source.Clr.GCHeapStats += (GCHeapStatsTraceData e) =>
            {
                if (induced)
                {
                    heap.TrySetResult(e.TotalHeapSize / 1048576.0);
                }
            };
            try
            {
                source.Process();
            }
            catch (Exception) when (heap.Task.IsCompleted)
            {
                // Stopping the session ends the stream abruptly; what was needed has been read.
            }
        });
        var finished = await Task.WhenAny(heap.Task, Task.Delay(TimeSpan.FromSeconds(20)));
        await session.StopAsync(CancellationToken.None);
        await Task.WhenAny(reading, Task.Delay(TimeSpan.FromSeconds(5)));
        var workingSet = WorkingSetMb(processId);
        return finished == heap.Task
            ? new MemorySample(workingSet, heap.Task.Result, true)
            : new MemorySample(workingSet, double.NaN, false);
    }

    /// <summary>Resident set size (what Linux calls the working set) of a process, in MiB.</summary>
    public static double WorkingSetMb(int processId)
    {
        foreach (var line in File.ReadLines($"/proc/{processId}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                var kb = long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], System.Globalization.CultureInfo.InvariantCulture);
                return kb / 1024.0;
            }
        }
        return double.NaN;
    }
}
