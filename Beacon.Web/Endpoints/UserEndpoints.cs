using Beacon.Core.Accounts;
using Beacon.Infrastructure.Accounts;
using Beacon.Web.Endpoints.Contracts;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>User management, for administrators only.</summary>
public static class UserEndpoints
{
    public static IEndpointRouteBuilder MapUserEndpoints(this IEndpointRouteBuilder routes)
    {
        var users = routes.MapGroup("/api/users").WithTags("Users").RequireAuthorization(p => p.RequireRole(BeaconRoles.Administrator));
        users.MapGet("/", ListAsync).WithName("ListUsers");
        users.MapPost("/", CreateAsync).WithName("CreateUser").WithSummary("Create a user with a password and a role (Administrator or Researcher).");
        users.MapPut("/{userId}/role", ChangeRoleAsync).WithName("ChangeUserRole");
        users.MapPost("/{userId}/password", ResetPasswordAsync).WithName("ResetUserPassword");
        users.MapPost("/{userId}/disable", (string userId, AccountService accounts, CancellationToken ct) => SetDisabledAsync(userId, true, accounts, ct)).WithName("DisableUser")
            .WithSummary("The user can no longer sign in; their sessions end and their tokens are revoked.");
        users.MapPost("/{userId}/enable", (string userId, AccountService accounts, CancellationToken ct) => SetDisabledAsync(userId, false, accounts, ct)).WithName("EnableUser");
        return routes;
    }

    private static async Task<Ok<List<UserResponse>>> ListAsync(AccountService accounts, CancellationToken cancellationToken) =>
        TypedResults.Ok((await accounts.ListAsync(cancellationToken)).Select(UserResponse.From).ToList());

    private static async Task<Results<Created<UserResponse>, ValidationProblem>> CreateAsync(
        CreateUserRequest request, AccountService accounts, CancellationToken cancellationToken)
    {
        var result = await accounts.CreateAsync(request.Email ?? "", request.Password ?? "", request.Role ?? "", cancellationToken);
        if (!result.Succeeded)
        {
            return Invalid(result);
        }
        var user = await accounts.GetAsync(result.UserId!, cancellationToken);
        return TypedResults.Created($"/api/users/{result.UserId}", UserResponse.From(user!));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem>> ChangeRoleAsync(
        string userId, ChangeRoleRequest request, AccountService accounts, CancellationToken cancellationToken) =>
        await Done(userId, await accounts.ChangeRoleAsync(userId, request.Role ?? "", cancellationToken), accounts, cancellationToken);

    private static async Task<Results<Ok<UserResponse>, ValidationProblem>> ResetPasswordAsync(
        string userId, ResetPasswordRequest request, AccountService accounts, CancellationToken cancellationToken) =>
        await Done(userId, await accounts.ResetPasswordAsync(userId, request.Password ?? "", cancellationToken), accounts, cancellationToken);

    private static async Task<Results<Ok<UserResponse>, ValidationProblem>> SetDisabledAsync(
        string userId, bool disabled, AccountService accounts, CancellationToken cancellationToken) =>
        await Done(userId, await accounts.SetDisabledAsync(userId, disabled, cancellationToken), accounts, cancellationToken);

    private static async Task<Results<Ok<UserResponse>, ValidationProblem>> Done(
        string userId, AccountResult result, AccountService accounts, CancellationToken cancellationToken) =>
        result.Succeeded && await accounts.GetAsync(userId, cancellationToken) is { } user ? TypedResults.Ok(UserResponse.From(user)) : Invalid(result);

    private static ValidationProblem Invalid(AccountResult result) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["user"] = result.Errors.ToArray() }, title: "Nothing was changed.");
}
