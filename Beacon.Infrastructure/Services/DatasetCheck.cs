using Beacon.Core.Questions;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// A checked file: the parser's preview (questions, duplicates, line errors), the slug its generated ids use, and
/// errors in the accompanying fields (name, source, licence) by field name. Importable only when both are clean.
/// </summary>
public sealed record DatasetCheck(string? Name, string Slug, DatasetPreview Preview, IReadOnlyDictionary<string, string[]> RequestErrors)
{
    public bool IsValid => Preview.IsValid && RequestErrors.Count == 0;
}
