using Microsoft.Extensions.Logging;
using HangfireLog = Hangfire.Logging;

namespace Beacon.Infrastructure.Jobs;

/// <summary>
/// Hangfire's log provider is process-global. This one forwards to the logger factory of the most recent live host
/// and goes quiet when none is left, so a host that stops (in tests several hosts share a process) never leaves
/// Hangfire writing to a disposed factory.
/// </summary>
public sealed class HangfireLogProvider : HangfireLog.ILogProvider
{
    private static ILoggerFactory? _current;

    public static HangfireLogProvider Instance { get; } = new();

    public static IDisposable Use(ILoggerFactory factory)
    {
        Volatile.Write(ref _current, factory);
        return new Scope(factory);
    }

    public HangfireLog.ILog GetLogger(string name) => new ForwardingLog(name);

    private sealed class ForwardingLog(string name) : HangfireLog.ILog
    {
        public bool Log(HangfireLog.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var factory = Volatile.Read(ref _current);
            if (factory is null)
            {
                return false;
            }
            try
            {
                var logger = factory.CreateLogger(name);
                var level = Map(logLevel);
                if (messageFunc is null)
                {
                    return logger.IsEnabled(level);
                }
                logger.Log(level, exception, "{Message}", messageFunc());
                return true;
            }
            catch (ObjectDisposedException)
            {
                return false;
            }
        }

        private static LogLevel Map(HangfireLog.LogLevel level) => level switch
        {
            HangfireLog.LogLevel.Trace => LogLevel.Trace,
            HangfireLog.LogLevel.Debug => LogLevel.Debug,
            HangfireLog.LogLevel.Info => LogLevel.Information,
            HangfireLog.LogLevel.Warn => LogLevel.Warning,
            HangfireLog.LogLevel.Error => LogLevel.Error,
            _ => LogLevel.Critical,
        };
    }

    private sealed class Scope(ILoggerFactory factory) : IDisposable
    {
        public void Dispose() => Interlocked.CompareExchange(ref _current, null, factory);
    }
}
