using Beacon.Core.Questions;
using Beacon.Core.Validation;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Previews and imports question sets (the API and the pages call the same methods). An import is all-or-nothing: the
/// file is parsed and checked in full first, then the set and all its questions are written in one transaction
/// (binary COPY), so a bad file or a failure half-way leaves the catalogue as it was.
/// </summary>
public sealed class DatasetService(
    IDbContextFactory<BeaconDbContext> dbFactory,
    NpgsqlDataSource dataSource,
    TimeProvider time,
    ILogger<DatasetService> logger)
{
    /// <summary>Checks a file as importing it as <paramref name="userId"/> would, storing nothing.</summary>
    public async Task<DatasetCheck> PreviewAsync(ReadOnlyMemory<byte> content, DatasetRequest request, string userId, CancellationToken cancellationToken)
    {
        var name = Clean(request.Name) ?? Clean(Path.GetFileNameWithoutExtension(request.FileName ?? ""));
        return await CheckAsync(content, request with { Name = name }, userId, requireName: false, cancellationToken);
    }

    /// <summary>
    /// Imports a set owned by <paramref name="ownerId"/> and private to them (they may share it later);
    /// <paramref name="importedBy"/> is the label people read (the email).
    /// </summary>
    public async Task<DatasetImportResult> ImportAsync(ReadOnlyMemory<byte> content, DatasetRequest request, string ownerId, string importedBy, CancellationToken cancellationToken)
    {
        var check = await CheckAsync(content, request, ownerId, requireName: true, cancellationToken);
        if (!check.IsValid)
        {
            return new DatasetImportResult(null, check);
        }

        var set = new Dataset
        {
            Id = Guid.CreateVersion7(),
            Name = check.Name!,
            Slug = check.Slug,
            Source = Clean(request.Source),
            Licence = Clean(request.Licence),
            Format = check.Preview.Format.ToString().ToLowerInvariant(),
            FileName = Clean(request.FileName) is { } file ? Path.GetFileName(file) : null,
            RowCount = check.Preview.Questions.Count,
            DuplicatesSkipped = check.Preview.Duplicates.Count,
            ImportedBy = importedBy,
            OwnerId = ownerId,
            SharedWithEveryone = false,
            ImportedAt = time.GetUtcNow(),
        };

        try
        {
            await InsertAsync(set, check.Preview.Questions, cancellationToken);
        }
        catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            // Another import took the name, the slug or an id between the check and the insert.
            var field = ex.ConstraintName switch
            {
                "ix_question_sets_name" => "name",
                "ix_question_sets_slug" => "name",
                _ => "file",
            };
            var message = field == "name"
                ? $"A question set named '{set.Name}' was imported at the same moment; choose another name."
                : "Some question ids were taken by an import that ran at the same moment; nothing was imported. Try again.";
            return new DatasetImportResult(null, check with { RequestErrors = new Dictionary<string, string[]> { [field] = [message] } });
        }

        logger.LogInformation("Question set {SetId} '{Name}' imported by {User}: {Count} questions, {Duplicates} duplicates left out",
            set.Id, set.Name, importedBy, set.RowCount, set.DuplicatesSkipped);
        return new DatasetImportResult(set, check);
    }

    /// <summary>The sets <paramref name="viewer"/> may see, newest first.</summary>
    public async Task<IReadOnlyList<Dataset>> ListAsync(Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await QuestionAccess.VisibleSets(db, viewer).AsNoTracking().OrderByDescending(s => s.ImportedAt).ToListAsync(cancellationToken);
    }

    /// <summary>The set, or null when it does not exist or <paramref name="viewer"/> may not see it (callers answer both alike).</summary>
    public async Task<Dataset?> GetAsync(Guid id, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await QuestionAccess.VisibleSets(db, viewer).AsNoTracking().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
    }

    /// <summary>Shares the set with everyone signed in, or makes it private to its owner again. Owner or administrator only.</summary>
    public async Task<DatasetSharingResult> SetSharedAsync(Guid id, bool shared, Viewer viewer, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var set = await QuestionAccess.VisibleSets(db, viewer).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (set is null)
        {
            return new DatasetSharingResult(DatasetSharingOutcome.NotFound, null);
        }
        if (!QuestionAccess.CanManage(set, viewer))
        {
            return new DatasetSharingResult(DatasetSharingOutcome.NotAllowed, set);
        }
        if (set.SharedWithEveryone != shared)
        {
            set.SharedWithEveryone = shared;
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Question set {SetId} '{Name}' {Change} by user {User}", set.Id, set.Name,
                shared ? "shared with everyone" : "made private", viewer.UserId);
        }
        return new DatasetSharingResult(DatasetSharingOutcome.Done, set);
    }

    /// <summary>A page of the set's questions in file order.</summary>
    public async Task<Page<StoredQuestion>> QuestionsAsync(Guid setId, int page, int pageSize, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var query = db.Questions.AsNoTracking().Where(q => q.DatasetId == setId);
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderBy(q => q.Position).ThenBy(q => q.Id)
            .Skip((page - 1) * pageSize).Take(pageSize).ToListAsync(cancellationToken);
        return new Page<StoredQuestion>(items, total, page, pageSize);
    }

    private async Task<DatasetCheck> CheckAsync(ReadOnlyMemory<byte> content, DatasetRequest request, string userId, bool requireName, CancellationToken cancellationToken)
    {
        var errors = new Dictionary<string, string[]>();
        var name = Clean(request.Name);
        if (name is null)
        {
            if (requireName)
            {
                errors["name"] = ["Give the question set a name."];
            }
        }
        else if (name.Length > DatasetLimits.MaxNameLength)
        {
            errors["name"] = [$"The name must be at most {DatasetLimits.MaxNameLength} characters."];
        }
        foreach (var (field, value) in new[] { ("name", request.Name), ("source", request.Source), ("licence", request.Licence) })
        {
            if (TextInput.Problem(value) is { } problem)
            {
                errors[field] = [$"The {field} {problem}."];
            }
        }
        if (Clean(request.Source) is { Length: > DatasetLimits.MaxSourceLength })
        {
            errors["source"] = [$"The source must be at most {DatasetLimits.MaxSourceLength} characters."];
        }
        if (Clean(request.Licence) is { Length: > DatasetLimits.MaxLicenceLength })
        {
            errors["licence"] = [$"The licence must be at most {DatasetLimits.MaxLicenceLength} characters."];
        }

        ExistingQuestions existing;
        string slug;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            if (name is not null && !errors.ContainsKey("name"))
            {
                var lower = name.ToLowerInvariant();
                if (await db.Datasets.AnyAsync(s => s.Name.ToLower() == lower, cancellationToken))
                {
                    errors["name"] = [$"A question set named '{name}' already exists; choose another name."];
                }
            }

            var baseSlug = QuestionText.Slug(name);
            var taken = await db.Datasets.AsNoTracking()
                .Where(s => s.Slug == baseSlug || s.Slug.StartsWith(baseSlug + "-"))
                .Select(s => s.Slug).ToListAsync(cancellationToken);
            slug = baseSlug;
            for (var n = 2; taken.Contains(slug); n++)
            {
                slug = $"{baseSlug}-{n}";
            }

            // Ids are unique across the whole catalogue; texts count as duplicates only of questions the importer can use.
            var usable = await QuestionAccess.OwnOrSharedQuestions(db, userId).AsNoTracking().Select(q => new { q.Id, q.Text }).ToListAsync(cancellationToken);
            var otherIds = await db.Questions.AsNoTracking().Where(q => !QuestionAccess.OwnOrSharedQuestions(db, userId).Any(u => u.Id == q.Id))
                .Select(q => q.Id).ToListAsync(cancellationToken);
            existing = ExistingQuestions.From(usable.Select(q => (q.Id, q.Text)), otherIds);
        }

        var format = request.Format ?? DatasetParser.DetectFormat(content.Span, request.FileName);
        var preview = DatasetParser.Parse(content, format, slug, existing);
        return new DatasetCheck(name, slug, preview, errors);
    }

    private async Task InsertAsync(Dataset set, IReadOnlyList<ParsedQuestion> questions, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await using (var insert = new NpgsqlCommand(
            """
            INSERT INTO question_sets (id, name, slug, source, licence, format, file_name, row_count, duplicates_skipped, imported_by, owner_id, shared_with_everyone, imported_at)
            VALUES (@id, @name, @slug, @source, @licence, @format, @file, @rows, @duplicates, @by, @owner, @shared, @at)
            """, connection, transaction))
        {
            insert.Parameters.AddWithValue("id", set.Id);
            insert.Parameters.AddWithValue("name", set.Name);
            insert.Parameters.AddWithValue("slug", set.Slug);
            insert.Parameters.Add(new NpgsqlParameter("source", NpgsqlDbType.Varchar) { Value = (object?)set.Source ?? DBNull.Value });
            insert.Parameters.Add(new NpgsqlParameter("licence", NpgsqlDbType.Varchar) { Value = (object?)set.Licence ?? DBNull.Value });
            insert.Parameters.AddWithValue("format", set.Format);
            insert.Parameters.Add(new NpgsqlParameter("file", NpgsqlDbType.Varchar) { Value = (object?)set.FileName ?? DBNull.Value });
            insert.Parameters.AddWithValue("rows", set.RowCount);
            insert.Parameters.AddWithValue("duplicates", set.DuplicatesSkipped);
            insert.Parameters.AddWithValue("by", set.ImportedBy);
            insert.Parameters.Add(new NpgsqlParameter("owner", NpgsqlDbType.Varchar) { Value = (object?)set.OwnerId ?? DBNull.Value });
            insert.Parameters.AddWithValue("shared", set.SharedWithEveryone);
            insert.Parameters.AddWithValue("at", set.ImportedAt);
            await insert.ExecuteNonQueryAsync(cancellationToken);
        }

        await using (var import = await connection.BeginBinaryImportAsync(
            "COPY questions (id, category, text, language, variant_group, source, built_in, question_set_id, position) FROM STDIN (FORMAT BINARY)",
            cancellationToken))
        {
            foreach (var question in questions)
            {
                await import.StartRowAsync(cancellationToken);
                await import.WriteAsync(question.Id, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(question.Category, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(question.Text, NpgsqlDbType.Text, cancellationToken);
                await import.WriteAsync(question.Language, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(question.Group, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(set.Name, NpgsqlDbType.Varchar, cancellationToken);
                await import.WriteAsync(false, NpgsqlDbType.Boolean, cancellationToken);
                await import.WriteAsync(set.Id, NpgsqlDbType.Uuid, cancellationToken);
                await import.WriteAsync(question.Position, NpgsqlDbType.Integer, cancellationToken);
            }
            await import.CompleteAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
