using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Npgsql;

namespace Beacon.Web.Endpoints;

/// <summary>
/// An API call that fails because PostgreSQL cannot be reached (restarting, connections dropped) answers 503 with a
/// Retry-After and says plainly that nothing was changed, instead of an unexplained 500. Every write runs in one
/// transaction, so a failed write saved nothing. (A job whose hand-over to the queue fails after it was saved is not
/// such a failure: the submission answers 201 and the queue sweep picks the job up.)
/// </summary>
public sealed class DatabaseUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!Security.ProblemResponses.IsApiRequest(context.Request) || !IsDatabaseUnavailable(exception))
        {
            return false;
        }
        context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        context.Response.Headers.RetryAfter = "5";
        var write = !HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "The database is not reachable right now",
                Detail = write ? "Nothing was saved or changed. Try again in a few seconds." : "Try again in a few seconds.",
            },
            Exception = exception,
        });
    }

    private static bool IsDatabaseUnavailable(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true } or NpgsqlException { InnerException: System.IO.IOException or System.Net.Sockets.SocketException } ||
                e is PostgresException { SqlState: PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.CrashShutdown })
            {
                return true;
            }
        }
        return false;
    }
}
