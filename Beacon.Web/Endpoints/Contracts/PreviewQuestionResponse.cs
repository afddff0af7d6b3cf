using Beacon.Core.Questions;

namespace Beacon.Web.Endpoints.Contracts;

public sealed record PreviewQuestionResponse(int Line, int Position, string Id, string Category, string Text, string Language, bool IdGenerated, bool LanguageDetected)
{
    public static PreviewQuestionResponse From(ParsedQuestion q) =>
        new(q.Line, q.Position, q.Id, q.Category, q.Text, q.Language, q.IdGenerated, q.LanguageDetected);
}
