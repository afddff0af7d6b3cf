using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Beacon.Web.Endpoints;

/// <summary>
/// Turns a request the framework could not read into a ProblemDetails that names the offending field in words a
/// researcher understands: an unreadable body (400), a query or route value of the wrong kind (400, without .NET type
/// names), or a body that is not JSON (415).
/// </summary>
public sealed partial class BadRequestExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException bad)
        {
            return false;
        }
        var status = bad.StatusCode == StatusCodes.Status415UnsupportedMediaType ? StatusCodes.Status415UnsupportedMediaType : StatusCodes.Status400BadRequest;
        var (title, errors) = status == StatusCodes.Status415UnsupportedMediaType
            ? ("The body must be JSON; nothing was saved.", new Dictionary<string, string[]>
            {
                ["body"] = [$"Send the body as JSON with the header Content-Type: application/json (this request said '{context.Request.ContentType ?? "nothing"}')."],
            })
            : ("The request could not be read; nothing was saved.", Describe(bad));
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ValidationProblemDetails(errors) { Title = title, Status = status },
            Exception = exception,
        });
    }

    private static Dictionary<string, string[]> Describe(BadHttpRequestException bad)
    {
        if (bad.InnerException is JsonException { Path: { } path } json)
        {
            var field = path.TrimStart('$', '.');
            return new() { [string.IsNullOrEmpty(field) ? "body" : field] = [$"The value could not be read: {json.Message.Split(" Path:")[0]}"] };
        }
        if (BindFailure().Match(bad.Message) is { Success: true } failure)
        {
            var name = failure.Groups["name"].Value;
            return new() { [name] = [$"'{failure.Groups["value"].Value}' is not {Kind(failure.Groups["type"].Value)}."] };
        }
        if (MissingValue().Match(bad.Message) is { Success: true } missing)
        {
            return new() { [missing.Groups["name"].Value] = ["A value is required."] };
        }
        if (bad.Message.Contains("JSON", StringComparison.OrdinalIgnoreCase) || bad.Message.Contains("body", StringComparison.OrdinalIgnoreCase))
        {
            return new() { ["body"] = ["The body is missing or is not valid JSON."] };
        }
        return new() { ["request"] = ["The request could not be read."] };
    }

    /// <summary>A description of a parameter's type for people, never a .NET type name.</summary>
    private static string Kind(string type) => Plain(type) switch
    {
        "int" or "long" or "short" or "Int32" or "Int64" => "a whole number",
        "double" or "decimal" or "float" or "Double" or "Decimal" => "a number",
        "bool" or "Boolean" => "true or false",
        "Guid" => "an id of the form 0f8fad5b-d9cb-469f-a165-70867728950e",
        "DateTimeOffset" or "DateTime" => "a date and time (ISO 8601, e.g. 2026-12-03T14:00:00Z)",
        _ => "an allowed value",
    };

    /// <summary>"int?", "Nullable&lt;int&gt;", "System.Nullable&lt;System.Int32&gt;" all read "int".</summary>
    private static string Plain(string type)
    {
        var plain = type.TrimEnd('?');
        var open = plain.IndexOf('<', StringComparison.Ordinal);
        if (open >= 0 && plain.EndsWith('>'))
        {
            plain = plain[(open + 1)..^1];
        }
        plain = plain[(plain.LastIndexOf('.') + 1)..];
        return plain switch { "Int32" => "int", "Int64" => "long", _ => plain };
    }

    // "Failed to bind parameter "int? page" from "abc"."
    [GeneratedRegex("""^Failed to bind parameter "(?<type>[^ "]+) (?<name>[^"]+)" from "(?<value>.*)"\.$""", RegexOptions.Singleline)]
    private static partial Regex BindFailure();

    // "Required parameter "string email" was not provided from query string."
    [GeneratedRegex("""^Required parameter "(?<type>[^ "]+) (?<name>[^"]+)" was not provided""")]
    private static partial Regex MissingValue();
}
