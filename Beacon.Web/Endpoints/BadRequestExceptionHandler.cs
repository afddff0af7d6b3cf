using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>Turns an unreadable request body into a 400 that names the offending field.</summary>
public sealed class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var errors = new Dictionary<string, string[]>();
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            var field = path.TrimStart('$', '.');
            errors[string.IsNullOrEmpty(field) ? "body" : field] = [$"The value could not be read: {json.Message.Split(" Path:")[0]}"];
        }
        else
        {
            errors["body"] = [bad.Message];
        }
        context.Response.StatusCode = StatusCodes.Status400BadRequest;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(errors) { Title = "The request could not be read; nothing was saved.", Status = 400 },
            Exception = exception,
        });
    }
}
