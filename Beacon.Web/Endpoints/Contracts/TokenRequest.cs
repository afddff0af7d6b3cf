namespace Beacon.Web.Endpoints.Contracts;

/// <summary>Sign in with email and password and receive a new personal access token (for scripts that start from a password).</summary>
public sealed record TokenRequest(string Email, string Password, string? Name);
