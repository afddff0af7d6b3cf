using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Accounts;

/// <summary>
/// The one rule for who may see and use a question (decision 0020): built-in questions are for everyone; an imported
/// set's questions for its owner, for everyone when the set is shared with everyone, and for administrators. The New job
/// page, the catalogue and dataset endpoints, job planning (submission and estimates) and the duplicate check of an import
/// all compose these queries. A job keeps its own copy of its questions, so a job stays readable by whoever can see the
/// job whatever happens to the set later.
/// </summary>
public static class QuestionAccess
{
    /// <summary>The question sets <paramref name="viewer"/> may see and use.</summary>
    public static IQueryable<Dataset> VisibleSets(BeaconDbContext db, Viewer viewer) =>
        viewer.IsAdministrator ? db.Datasets : OwnOrShared(db, viewer.UserId);

    /// <summary>The questions <paramref name="viewer"/> may see and put in a job.</summary>
    public static IQueryable<StoredQuestion> VisibleQuestions(BeaconDbContext db, Viewer viewer) =>
        viewer.IsAdministrator
            ? db.Questions
            : db.Questions.Where(q => q.DatasetId == null || OwnOrShared(db, viewer.UserId).Any(s => s.Id == q.DatasetId));

    /// <summary>
    /// The questions an import by <paramref name="userId"/> is checked for duplicates against: built-in, shared and the
    /// user's own, never another user's private set (even for an administrator), so nobody loses a question of their file
    /// to a copy they cannot use, and an import reveals nothing of private sets' texts.
    /// </summary>
    public static IQueryable<StoredQuestion> OwnOrSharedQuestions(BeaconDbContext db, string userId) =>
        db.Questions.Where(q => q.DatasetId == null || OwnOrShared(db, userId).Any(s => s.Id == q.DatasetId));

    /// <summary>Sharing is changed by the owner or an administrator (sets from before accounts have no owner).</summary>
    public static bool CanManage(Dataset set, Viewer viewer) => viewer.IsAdministrator || (set.OwnerId is not null && set.OwnerId == viewer.UserId);

    private static IQueryable<Dataset> OwnOrShared(BeaconDbContext db, string userId) =>
        db.Datasets.Where(s => s.SharedWithEveryone || s.OwnerId == userId);
}
