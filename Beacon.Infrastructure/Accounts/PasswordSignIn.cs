using Beacon.Core.Accounts;
using Beacon.Infrastructure.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// Checks an email and password for the sign-in page and POST /api/auth/token alike. Failures are throttled per
/// (account, address) by <see cref="SignInThrottle"/> instead of locking the account; an unknown email costs the same
/// password hash as a known one and gets the same answer; "disabled" is said only to someone who knew the password.
/// </summary>
public sealed class PasswordSignIn(SignInThrottle throttle, ILogger<PasswordSignIn> logger)
{
    // A hash to verify against when the email is unknown, so both paths take as long.
    private static readonly Lazy<string> DummyHash = new(() => new PasswordHasher<BeaconUser>().HashPassword(new BeaconUser(), Guid.NewGuid().ToString()));

    public async Task<PasswordCheck> CheckAsync(UserManager<BeaconUser> users, string email, string password, string address)
    {
        email = email.Trim();
        if (throttle.RetryAfter(email, address) is { } wait)
        {
            logger.LogWarning("Sign-in refused: too many failures for one account from {Address}", address);
            return new PasswordCheck(PasswordCheckOutcome.Throttled, null, wait);
        }
        var user = await users.FindByEmailAsync(email);
        if (user is null)
        {
            users.PasswordHasher.VerifyHashedPassword(new BeaconUser(), DummyHash.Value, password);
            throttle.Failed(email, address);
            return new PasswordCheck(PasswordCheckOutcome.Failed, null, null);
        }
        if (!await users.CheckPasswordAsync(user, password))
        {
            throttle.Failed(email, address);
            return new PasswordCheck(PasswordCheckOutcome.Failed, null, null);
        }
        throttle.Succeeded(email, address);
        if (await users.IsLockedOutAsync(user))
        {
            // Identity's lockout is used only to disable accounts (LockoutEnd = max).
            return new PasswordCheck(PasswordCheckOutcome.Disabled, null, null);
        }
        return new PasswordCheck(PasswordCheckOutcome.Succeeded, user, null);
    }
}
