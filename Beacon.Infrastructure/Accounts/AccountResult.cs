namespace Beacon.Infrastructure.Accounts;

/// <summary>The outcome of an account change: success (with the user's id), or the reasons it was refused.</summary>
public sealed record AccountResult(bool Succeeded, string? UserId, IReadOnlyList<string> Errors)
{
    public static AccountResult Ok(string userId) => new(true, userId, []);

    public static AccountResult Fail(params string[] errors) => new(false, null, errors);
}
