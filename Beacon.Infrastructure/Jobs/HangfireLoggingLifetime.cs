using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Jobs;

/// <summary>Points Hangfire's global logging at this host while it runs.</summary>
public sealed class HangfireLoggingLifetime(ILoggerFactory loggerFactory) : IHostedService, IDisposable
{
    private readonly IDisposable _scope = HangfireLogProvider.Use(loggerFactory);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _scope.Dispose();
}
