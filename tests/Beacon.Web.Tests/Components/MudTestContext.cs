using Bunit;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Beacon.Web.Tests.Components;

/// <summary>A bUnit context with MudBlazor's services, loose JS interop, a fixed clock and a popover provider rendered.</summary>
public abstract class MudTestContext : BunitContext, IAsyncLifetime
{
    public static readonly DateTimeOffset Now = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    protected MudTestContext()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton<TimeProvider>(new FixedTime(Now));
        Render<MudPopoverProvider>();
    }

    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor registers services that can only be disposed asynchronously; xunit then disposes synchronously too,
    // which finds the context already disposed.
    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();

    private sealed class FixedTime(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
