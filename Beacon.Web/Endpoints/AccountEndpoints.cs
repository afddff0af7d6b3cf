using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Web.Endpoints.Contracts;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Your own account: who you are, your personal access tokens, and signing out. Plus a token from a password, for scripts.</summary>
public static class AccountEndpoints
{
    public static IEndpointRouteBuilder MapAccountEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapPost("/api/auth/token", CreateFromPasswordAsync).WithTags("Account").WithName("CreateTokenWithPassword").AllowAnonymous()
            .WithSummary("Exchange an email and password for a new personal access token (shown once). Rate-limited per address; failures count towards lockout.");
        var account = routes.MapGroup("/api/account").WithTags("Account");
        account.MapGet("/", Me).WithName("GetAccount");
        account.MapGet("/tokens", ListTokensAsync).WithName("ListTokens");
        account.MapPost("/tokens", CreateTokenAsync).WithName("CreateToken").WithSummary("Create a personal access token; the token is in this answer only.");
        account.MapDelete("/tokens/{tokenId:guid}", RevokeTokenAsync).WithName("RevokeToken");
        // A form post from the page layout: antiforgery is checked because the endpoint binds form data.
        routes.MapPost("/account/logout", SignOutAsync).WithTags("Account").WithName("SignOut").ExcludeFromDescription();
        return routes;
    }

    private static async Task<Results<Created<CreatedTokenResponse>, ProblemHttpResult, ValidationProblem>> CreateFromPasswordAsync(
        TokenRequest request, HttpContext context, UserManager<BeaconUser> users, PasswordSignIn passwords, AccessTokenService tokens,
        CancellationToken cancellationToken)
    {
        // The answer holds a secret: no cache anywhere may keep it (success or not, so no answer is ever cached).
        context.Response.Headers.CacheControl = "no-store";
        if (string.IsNullOrWhiteSpace(request.Email) || string.IsNullOrEmpty(request.Password))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["email"] = ["Email and password are required."] });
        }
        if (TokenNameProblem(request.Name) is { } invalid)
        {
            return invalid;
        }
        var check = await passwords.CheckAsync(users, request.Email, request.Password, CurrentUser.Address(context));
        if (check.Outcome != PasswordCheckOutcome.Succeeded)
        {
            if (check.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }
            return TypedResults.Problem(title: "Sign-in failed", detail: check.Message,
                statusCode: check.Outcome == PasswordCheckOutcome.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status401Unauthorized);
        }
        var created = await tokens.CreateAsync(check.User!.Id, request.Name ?? "script", cancellationToken);
        return TypedResults.Created("/api/account/tokens", CreatedTokenResponse.From(created));
    }

    private static ValidationProblem? TokenNameProblem(string? name) =>
        name is { Length: > AccessTokenService.MaxNameLength }
            ? TypedResults.ValidationProblem(new Dictionary<string, string[]>
            {
                ["name"] = [$"A token name is at most {AccessTokenService.MaxNameLength} characters (this one has {name.Length})."],
            })
            : null;

    private static Ok<AccountResponse> Me(HttpContext context) => TypedResults.Ok(new AccountResponse(
        CurrentUser.Id(context.User), CurrentUser.Name(context.User),
        context.User.FindAll(System.Security.Claims.ClaimTypes.Role).Select(c => c.Value).ToList()));

    private static async Task<Ok<List<TokenResponse>>> ListTokensAsync(HttpContext context, AccessTokenService tokens, CancellationToken cancellationToken) =>
        TypedResults.Ok((await tokens.ListAsync(CurrentUser.Id(context.User), cancellationToken)).Select(TokenResponse.From).ToList());

    private static async Task<Results<Created<CreatedTokenResponse>, ValidationProblem>> CreateTokenAsync(
        CreateTokenRequest request, HttpContext context, AccessTokenService tokens, CancellationToken cancellationToken)
    {
        context.Response.Headers.CacheControl = "no-store";
        if (TokenNameProblem(request.Name) is { } invalid)
        {
            return invalid;
        }
        var created = await tokens.CreateAsync(CurrentUser.Id(context.User), request.Name ?? "token", cancellationToken);
        return TypedResults.Created("/api/account/tokens", CreatedTokenResponse.From(created));
    }

    private static async Task<Results<NoContent, NotFound<ProblemDetails>>> RevokeTokenAsync(
        Guid tokenId, HttpContext context, AccessTokenService tokens, CancellationToken cancellationToken) =>
        await tokens.RevokeAsync(CurrentUser.Id(context.User), tokenId, cancellationToken)
            ? TypedResults.NoContent()
            : TypedResults.NotFound(new ProblemDetails { Title = "Token not found", Detail = "You have no active token with that id.", Status = 404 });

    private static async Task<RedirectHttpResult> SignOutAsync(SignInManager<BeaconUser> signIn, [FromForm] string? returnUrl)
    {
        await signIn.SignOutAsync();
        return TypedResults.LocalRedirect("/account/login");
    }
}
