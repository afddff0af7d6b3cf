namespace Beacon.Core.Abstractions;

/// <summary>
/// One HTTP request made for a call (the first try, a resilience retry, or a 303 poll): its method, the status it
/// got (null when none arrived), the error when it failed without one (timeout, network), and how long it took.
/// </summary>
public sealed record HttpTry(string Method, int? Status, string? Error, double Seconds)
{
    /// <summary>No response, or a status that is not success (a 303 hand-off is the protocol, not a fault).</summary>
    public bool Failed => Status is null || (Status >= 400);
}
