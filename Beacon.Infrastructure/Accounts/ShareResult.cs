namespace Beacon.Infrastructure.Accounts;

public enum ShareResult
{
    Shared,
    AlreadyShared,
    NoSuchUser,
    IsOwner,
}
