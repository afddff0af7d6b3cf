using Beacon.Core.Questions;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// The questions one user may put in a job (<see cref="Accounts.QuestionAccess"/>), in order: the built-in ones by
/// category and id, then each visible set's in file order, oldest set first; and the sets they came from.
/// </summary>
public sealed record QuestionCatalog(IReadOnlyList<Question> Questions, IReadOnlyList<QuestionCatalogSet> Sets);

/// <summary>
/// One set to pick questions by: the built-in questions (<see cref="Id"/> null) or an imported set, with its questions'
/// ids in file order. <see cref="Mine"/>: the viewer imported it.
/// </summary>
public sealed record QuestionCatalogSet(Guid? Id, string Name, bool SharedWithEveryone, bool Mine, IReadOnlyList<string> QuestionIds)
{
    public const string BuiltInName = "Built-in questions";
}
