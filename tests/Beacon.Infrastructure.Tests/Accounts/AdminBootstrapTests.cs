using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Tests.Shared;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Accounts;

public sealed class AdminBootstrapTests : IAsyncLifetime
{
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    [Fact]
    public async Task WithoutAConfiguredPasswordAGeneratedOneIsPrintedOnceAndNeverLogged()
    {
        var logs = new CapturingLoggerProvider();
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?> { ["Beacon:Admin:Email"] = "root@beacon.test" },
            services => services.AddSingleton<ILoggerProvider>(logs));
        var console = new StringWriter();

        await host.Services.InitializeBeaconAccountsAsync(console);
        var printed = console.ToString();
        var password = printed.Split('\n').Single(l => l.Contains("Password (shown only this once):", StringComparison.Ordinal)).Split(':').Last().Trim();
        Assert.True(password.Length >= 20, printed);
        Assert.Contains("root@beacon.test", printed, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(password, StringComparison.Ordinal));
        Assert.Contains(logs.Messages, m => m.Contains("generated password", StringComparison.Ordinal));

        // It works, and the administrator is one.
        await using (var scope = host.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
            var admin = await users.FindByEmailAsync("root@beacon.test");
            Assert.NotNull(admin);
            Assert.True(await users.CheckPasswordAsync(admin, password));
            Assert.True(await users.IsInRoleAsync(admin, BeaconRoles.Administrator));
        }

        // The next start finds an administrator: nothing is printed, nothing is created.
        var again = new StringWriter();
        await host.Services.InitializeBeaconAccountsAsync(again);
        Assert.Equal("", again.ToString());
        Assert.Equal(1L, await _db.ScalarAsync<long>("SELECT count(*) FROM users"));
    }

    [Fact]
    public async Task AConfiguredAdministratorIsCreatedWithItsPasswordAndNothingIsPrinted()
    {
        await using var host = await InfrastructureHost.StartAsync(_db, new Dictionary<string, string?>
        {
            ["Beacon:Admin:Email"] = "lead@beacon.test",
            ["Beacon:Admin:Password"] = "configured-password-1",
        });
        var console = new StringWriter();

        await host.Services.InitializeBeaconAccountsAsync(console);

        Assert.Equal("", console.ToString());
        await using var scope = host.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        var admin = await users.FindByEmailAsync("lead@beacon.test");
        Assert.NotNull(admin);
        Assert.True(await users.CheckPasswordAsync(admin, "configured-password-1"));
        Assert.Equal([BeaconRoles.Administrator], await users.GetRolesAsync(admin));
    }

    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly List<string> _messages = [];

        public IReadOnlyList<string> Messages
        {
            get
            {
                lock (_messages)
                {
                    return _messages.ToList();
                }
            }
        }

        public ILogger CreateLogger(string categoryName) => new Logger(this);

        public void Dispose()
        {
        }

        private sealed class Logger(CapturingLoggerProvider owner) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (owner._messages)
                {
                    owner._messages.Add(formatter(state, exception));
                }
            }
        }
    }
}
