using System.Security.Cryptography;
using Beacon.Core.Accounts;
using Beacon.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// At start-up: the roles exist, and when no administrator exists one is created, from Beacon:Admin (Email and
/// Password) or, without a configured password, with a generated one that is printed once to standard output. The
/// generated password goes to the console only, never through the logger (logs are collected and kept).
/// </summary>
public static class AdminBootstrap
{
    public static async Task InitializeBeaconAccountsAsync(this IServiceProvider services, TextWriter? console = null)
    {
        await using var scope = services.CreateAsyncScope();
        var provider = scope.ServiceProvider;
        var logger = provider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AdminBootstrap));
        await AccountService.EnsureRolesAsync(provider);

        var users = provider.GetRequiredService<UserManager<BeaconUser>>();
        if ((await users.GetUsersInRoleAsync(BeaconRoles.Administrator)).Count > 0)
        {
            return;
        }

        var options = provider.GetRequiredService<IOptions<AdminOptions>>().Value;
        var generated = string.IsNullOrEmpty(options.Password);
        var password = generated ? GeneratePassword() : options.Password!;
        var accounts = provider.GetRequiredService<AccountService>();
        var existing = await accounts.FindIdByEmailAsync(options.Email, CancellationToken.None);
        var result = existing is null
            ? await accounts.CreateAsync(options.Email, password, BeaconRoles.Administrator, CancellationToken.None)
            : await accounts.ChangeRoleAsync(existing, BeaconRoles.Administrator, CancellationToken.None);
        if (!result.Succeeded)
        {
            // Another process starting at the same moment may have created it.
            if ((await users.GetUsersInRoleAsync(BeaconRoles.Administrator)).Count > 0)
            {
                return;
            }
            throw new InvalidOperationException($"Cannot create the first administrator {options.Email}: {string.Join(" ", result.Errors)}");
        }
        if (existing is not null)
        {
            logger.LogWarning("No administrator existed; the existing user {Email} was made one (password unchanged)", options.Email);
            return;
        }
        if (generated)
        {
            var output = console ?? Console.Out;
            await output.WriteLineAsync();
            await output.WriteLineAsync("==================================================================");
            await output.WriteLineAsync($" Beacon created the first administrator: {options.Email}");
            await output.WriteLineAsync($" Password (shown only this once): {password}");
            await output.WriteLineAsync(" Sign in and change it on the Account page, or set Beacon:Admin:Password.");
            await output.WriteLineAsync("==================================================================");
            await output.WriteLineAsync();
            await output.FlushAsync();
            logger.LogWarning("Created the first administrator {Email} with a generated password (printed to the console, not logged)", options.Email);
        }
        else
        {
            logger.LogInformation("Created the first administrator {Email} from configuration", options.Email);
        }
    }

    private static string GeneratePassword() => WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(18));
}
