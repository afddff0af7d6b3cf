using System.Collections;
using System.Reflection;
using System.Text.Json;
using Beacon.Core.Validation;

namespace Beacon.Web.Endpoints;

/// <summary>
/// One check for every API endpoint, applied to all of them in Program.cs: a text argument (query, route, header, or a
/// string field of a request body) that cannot be stored, and an enum value the API does not define (ASP.NET binds
/// "9" to an enum without complaint), answer 400 naming the field instead of a server error or a silent default.
/// </summary>
public static class ArgumentChecks
{
    public static EndpointFilterDelegate Create(EndpointFilterFactoryContext context, EndpointFilterDelegate next)
    {
        var checks = context.MethodInfo.GetParameters()
            .Select((parameter, index) => (Parameter: parameter, Index: index))
            .Where(p => IsChecked(p.Parameter.ParameterType))
            .ToArray();
        if (checks.Length == 0)
        {
            return next;
        }
        return invocation =>
        {
            var errors = new Dictionary<string, string[]>();
            foreach (var (parameter, index) in checks)
            {
                Check(parameter.Name ?? "value", invocation.Arguments[index], errors, depth: 0);
            }
            return errors.Count == 0
                ? next(invocation)
                : ValueTask.FromResult<object?>(TypedResults.ValidationProblem(errors, title: "The request has invalid values; nothing was saved."));
        };
    }

    private static bool IsChecked(Type type)
    {
        var plain = Nullable.GetUnderlyingType(type) ?? type;
        return plain == typeof(string) || plain.IsEnum || IsRequestType(plain);
    }

    /// <summary>Request bodies are Beacon's own <c>XxxRequest</c> records (Contracts, Core's JobRequest); services are not.</summary>
    private static bool IsRequestType(Type type) =>
        type is { IsClass: true } && type.Namespace?.StartsWith("Beacon.", StringComparison.Ordinal) == true &&
        type.Name.EndsWith("Request", StringComparison.Ordinal);

    private static void Check(string name, object? value, Dictionary<string, string[]> errors, int depth)
    {
        switch (value)
        {
            case null:
                return;
            case string text:
                if (TextInput.Problem(text) is { } problem)
                {
                    errors[name] = [$"The value {problem}."];
                }
                return;
            case Enum member:
                if (!Enum.IsDefined(member.GetType(), member))
                {
                    errors[name] = [$"'{member}' is not allowed; use one of: {string.Join(", ", Enum.GetNames(member.GetType()))}."];
                }
                return;
            case IEnumerable items when depth < 2:
                var i = 0;
                foreach (var item in items)
                {
                    Check($"{name}[{i++}]", item, errors, depth + 1);
                }
                return;
        }
        if (depth < 2 && IsRequestType(value.GetType()))
        {
            foreach (var property in value.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
            {
                if (property.GetIndexParameters().Length == 0)
                {
                    Check(JsonNamingPolicy.CamelCase.ConvertName(property.Name), property.GetValue(value), errors, depth + 1);
                }
            }
        }
    }
}
