using Beacon.Infrastructure.Data;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record DatasetResponse(
    Guid Id,
    string Name,
    string Slug,
    string? Source,
    string? Licence,
    string Format,
    string? FileName,
    int QuestionCount,
    int DuplicatesSkipped,
    string ImportedBy,
    DateTimeOffset ImportedAt,
    bool SharedWithEveryone)
{
    public static DatasetResponse From(Dataset s) =>
        new(s.Id, s.Name, s.Slug, s.Source, s.Licence, s.Format, s.FileName, s.RowCount, s.DuplicatesSkipped, s.ImportedBy, s.ImportedAt, s.SharedWithEveryone);
}
