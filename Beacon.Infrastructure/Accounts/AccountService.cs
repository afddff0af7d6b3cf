using Beacon.Core.Accounts;
using Beacon.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// Users and roles, for the admin page, the account page and the API. Identity's UserManager is scoped (it holds a
/// DbContext), so each operation runs in its own short scope: a Blazor circuit never keeps one alive.
/// </summary>
public sealed class AccountService(
    IServiceScopeFactory scopes, IDbContextFactory<BeaconDbContext> dbFactory, AccessTokenService tokens, SignInSessionStore sessions,
    TimeProvider time, ILogger<AccountService> logger)
{
    public async Task<IReadOnlyList<UserSummary>> ListAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var roles = await db.UserRoles.AsNoTracking().Join(db.Roles, ur => ur.RoleId, r => r.Id, (ur, r) => new { ur.UserId, r.Name })
            .ToListAsync(cancellationToken);
        var byUser = roles.GroupBy(r => r.UserId).ToDictionary(g => g.Key, g => g.Select(r => r.Name!).ToList());
        var users = await db.Users.AsNoTracking().OrderBy(u => u.Email).ToListAsync(cancellationToken);
        var now = time.GetUtcNow();
        return users.Select(u => new UserSummary(
            u.Id, u.Email ?? "", RoleOf(byUser.GetValueOrDefault(u.Id)), u.LockoutEnd == DateTimeOffset.MaxValue,
            u.LockoutEnd > now && u.LockoutEnd != DateTimeOffset.MaxValue ? u.LockoutEnd : null, u.CreatedAt)).ToList();
    }

    public async Task<UserSummary?> GetAsync(string userId, CancellationToken cancellationToken) =>
        (await ListAsync(cancellationToken)).FirstOrDefault(u => u.Id == userId);

    public async Task<string?> FindIdByEmailAsync(string email, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        return (await users.FindByEmailAsync(email.Trim()))?.Id;
    }

    public async Task<AccountResult> CreateAsync(string email, string password, string role, CancellationToken cancellationToken)
    {
        if (BeaconRoles.Parse(role) is not { } canonical)
        {
            return AccountResult.Fail($"'{role}' is not a role. Use {string.Join(" or ", BeaconRoles.All)}.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        await EnsureRolesAsync(scope.ServiceProvider);
        var user = new BeaconUser { UserName = email.Trim(), Email = email.Trim(), EmailConfirmed = true, CreatedAt = time.GetUtcNow() };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            return Failed(created);
        }
        var added = await users.AddToRoleAsync(user, canonical);
        if (!added.Succeeded)
        {
            return Failed(added);
        }
        logger.LogInformation("User {UserId} ({Role}) created", user.Id, canonical);
        return AccountResult.Ok(user.Id);
    }

    public async Task<AccountResult> ChangeRoleAsync(string userId, string role, CancellationToken cancellationToken)
    {
        if (BeaconRoles.Parse(role) is not { } canonical)
        {
            return AccountResult.Fail($"'{role}' is not a role. Use {string.Join(" or ", BeaconRoles.All)}.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AccountResult.Fail("No such user.");
        }
        var current = await users.GetRolesAsync(user);
        if (current.Contains(BeaconRoles.Administrator) && canonical != BeaconRoles.Administrator && await IsLastAdministratorAsync(users, user))
        {
            return AccountResult.Fail("This is the last administrator; make someone else an administrator first.");
        }
        var removed = await users.RemoveFromRolesAsync(user, current);
        if (!removed.Succeeded)
        {
            return Failed(removed);
        }
        var added = await users.AddToRoleAsync(user, canonical);
        if (!added.Succeeded)
        {
            return Failed(added);
        }
        // Signed-in sessions pick up the new role at their next security-stamp check.
        await users.UpdateSecurityStampAsync(user);
        logger.LogInformation("User {UserId} is now {Role}", user.Id, canonical);
        return AccountResult.Ok(user.Id);
    }

    /// <summary>A disabled user cannot sign in, their browser sessions end at once, and their tokens are revoked.</summary>
    public async Task<AccountResult> SetDisabledAsync(string userId, bool disabled, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AccountResult.Fail("No such user.");
        }
        if (disabled && await users.IsInRoleAsync(user, BeaconRoles.Administrator) && await IsLastAdministratorAsync(users, user))
        {
            return AccountResult.Fail("This is the last administrator; it cannot be disabled.");
        }
        await users.SetLockoutEnabledAsync(user, true);
        var result = await users.SetLockoutEndDateAsync(user, disabled ? DateTimeOffset.MaxValue : null);
        if (!result.Succeeded)
        {
            return Failed(result);
        }
        await users.ResetAccessFailedCountAsync(user);
        await users.UpdateSecurityStampAsync(user);
        if (disabled)
        {
            await tokens.RevokeAllAsync(user.Id, cancellationToken);
            await sessions.RemoveAllAsync(user.Id, cancellationToken);
        }
        logger.LogInformation("User {UserId} {State}", user.Id, disabled ? "disabled" : "enabled");
        return AccountResult.Ok(user.Id);
    }

    /// <summary>An administrator sets a new password (the user was locked out or forgot it).</summary>
    public async Task<AccountResult> ResetPasswordAsync(string userId, string newPassword, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AccountResult.Fail("No such user.");
        }
        var reset = await users.ResetPasswordAsync(user, await users.GeneratePasswordResetTokenAsync(user), newPassword);
        if (!reset.Succeeded)
        {
            return Failed(reset);
        }
        if (user.LockoutEnd != DateTimeOffset.MaxValue)
        {
            await users.SetLockoutEndDateAsync(user, null);
        }
        await users.ResetAccessFailedCountAsync(user);
        logger.LogInformation("Password of user {UserId} reset by an administrator", user.Id);
        return AccountResult.Ok(user.Id);
    }

    public async Task<AccountResult> ChangePasswordAsync(string userId, string currentPassword, string newPassword, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<BeaconUser>>();
        if (await users.FindByIdAsync(userId) is not { } user)
        {
            return AccountResult.Fail("No such user.");
        }
        var changed = await users.ChangePasswordAsync(user, currentPassword, newPassword);
        return changed.Succeeded ? AccountResult.Ok(user.Id) : Failed(changed);
    }

    internal static async Task EnsureRolesAsync(IServiceProvider services)
    {
        var roles = services.GetRequiredService<RoleManager<IdentityRole>>();
        foreach (var role in BeaconRoles.All)
        {
            if (!await roles.RoleExistsAsync(role))
            {
                var created = await roles.CreateAsync(new IdentityRole(role));
                // Two processes starting together may both try; the loser finds the role there.
                if (!created.Succeeded && !await roles.RoleExistsAsync(role))
                {
                    throw new InvalidOperationException($"Cannot create the role {role}: {string.Join(" ", created.Errors.Select(e => e.Description))}");
                }
            }
        }
    }

    private static string RoleOf(List<string>? roles) =>
        roles is null ? "" : roles.Contains(BeaconRoles.Administrator) ? BeaconRoles.Administrator : roles.FirstOrDefault() ?? "";

    private static async Task<bool> IsLastAdministratorAsync(UserManager<BeaconUser> users, BeaconUser user) =>
        (await users.GetUsersInRoleAsync(BeaconRoles.Administrator)).All(u => u.Id == user.Id || u.LockoutEnd == DateTimeOffset.MaxValue);

    private static AccountResult Failed(IdentityResult result) => AccountResult.Fail(result.Errors.Select(e => e.Description).ToArray());
}
