using System.Text.Json;
using Json.Schema;

namespace Beacon.Infrastructure.Tests.Contracts;

/// <summary>The endpoint contract in contracts/regional-endpoint: the same schemas and examples the Python tests use.</summary>
public static class ContractFiles
{
    // Schemas carry an $id and JsonSchema.Net registers them globally: load each once.
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, JsonSchema> Schemas = new();

    public static string Root { get; } = FindRoot();

    public static string SchemaFor(string exampleFileName)
    {
        var name = Path.GetFileName(exampleFileName);
        return name switch
        {
            _ when name.StartsWith("request-", StringComparison.Ordinal) => "inference-request",
            _ when name.StartsWith("response-", StringComparison.Ordinal) => "inference-response",
            _ when name.StartsWith("health-", StringComparison.Ordinal) => "health-response",
            _ when name.StartsWith("model-info", StringComparison.Ordinal) => "model-info-response",
            _ => throw new InvalidOperationException($"No schema is named by the prefix of {name}."),
        };
    }

    public static bool IsValid(string schemaName, string json, out string errors)
    {
        var schema = Schemas.GetOrAdd(schemaName, n => JsonSchema.FromFile(Path.Combine(Root, n + ".schema.json")));
        using var document = JsonDocument.Parse(json);
        var result = schema.Evaluate(document.RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        errors = string.Join("; ", (result.Details ?? []).Where(d => d.Errors is not null).SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation}: {e.Value}")));
        return result.IsValid;
    }

    public static IEnumerable<object[]> ValidExamples() =>
        Directory.GetFiles(Path.Combine(Root, "examples"), "*.json").Order().Select(f => new object[] { Path.GetFileName(f) });

    public static IEnumerable<object[]> InvalidExamples() =>
        Directory.GetFiles(Path.Combine(Root, "examples", "invalid"), "*.json").Order().Select(f => new object[] { Path.GetFileName(f) });

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "contracts", "regional-endpoint");
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("contracts/regional-endpoint not found above " + AppContext.BaseDirectory);
    }
}
