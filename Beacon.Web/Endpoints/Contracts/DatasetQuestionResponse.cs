using Beacon.Infrastructure.Data;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record DatasetQuestionResponse(string Id, int? Position, string Category, string Text, string Language)
{
    public static DatasetQuestionResponse From(StoredQuestion q) => new(q.Id, q.Position, q.Category, q.Text, q.Language);
}
