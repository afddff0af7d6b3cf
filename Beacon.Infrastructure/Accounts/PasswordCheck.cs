using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Accounts;

public enum PasswordCheckOutcome
{
    Succeeded,
    /// <summary>Wrong password or unknown email: the same answer for both.</summary>
    Failed,
    /// <summary>Too many failures from this address for this account: try again later (or from elsewhere).</summary>
    Throttled,
    /// <summary>The password was right but an administrator disabled the account.</summary>
    Disabled,
}

/// <summary>The result of <see cref="PasswordSignIn.CheckAsync"/>; <see cref="User"/> only when it succeeded.</summary>
public sealed record PasswordCheck(PasswordCheckOutcome Outcome, BeaconUser? User, TimeSpan? RetryAfter)
{
    /// <summary>What to tell the person: never whether the email exists.</summary>
    public string Message => Outcome switch
    {
        PasswordCheckOutcome.Succeeded => "Signed in.",
        PasswordCheckOutcome.Throttled =>
            $"Too many failed sign-ins for this email from your address. Try again in {Math.Max(1, (int)Math.Ceiling((RetryAfter ?? TimeSpan.Zero).TotalMinutes))} minutes.",
        PasswordCheckOutcome.Disabled => "This account is disabled. Ask an administrator.",
        _ => "Wrong email or password.",
    };
}
