using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Core.Review;
using Beacon.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Beacon.Infrastructure.Services;

/// <summary>
/// Imported human labels as an evaluation set (table <c>evaluation_labels</c>): importing the labels JSONL (this Beacon's
/// export or another's), and measuring the current classifier on every stored label. The answers are classified again on
/// each report, so the figures are always those of the classifier that runs now, whatever version exported the file.
/// </summary>
public sealed class EvaluationSetService(IDbContextFactory<BeaconDbContext> dbFactory, ResponseClassifier classifier, TimeProvider time)
{
    public const int MaxLines = 100_000;

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Stores every labelled line of the file (skipped labels and lines without a class are counted and left out), replacing
    /// a label imported before under the same key. All or nothing: any invalid line stores nothing, and the errors name it.
    /// </summary>
    public async Task<EvaluationImport> ImportAsync(Stream body, string importedBy, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, EvaluationLabel>(StringComparer.Ordinal);
        var errors = new List<string>();
        var ignored = 0;
        using var reader = new StreamReader(body, Encoding.UTF8);
        var line = 0;
        var now = time.GetUtcNow();
        while (await reader.ReadLineAsync(cancellationToken) is { } text)
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            if (line > MaxLines)
            {
                errors.Add($"The file has more than {MaxLines} lines.");
                break;
            }
            HumanLabelRecord? record;
            try
            {
                record = JsonSerializer.Deserialize<HumanLabelRecord>(text, Json);
            }
            catch (JsonException e)
            {
                errors.Add($"Line {line} is not a label: {e.Message}");
                continue;
            }
            if (record is null || string.IsNullOrEmpty(record.Answer))
            {
                errors.Add($"Line {line} has no answer.");
                continue;
            }
            if (record.Skipped || EffectiveClass.Parse(record.HumanClass) is not { } human)
            {
                ignored++;
                continue;
            }
            var reviewer = record.Reviewer ?? "";
            var identity = record.JobId != Guid.Empty && record.ExecutionId > 0
                ? $"execution\n{record.JobId:N}\n{record.ExecutionId}\n{reviewer}"
                : $"answer\n{record.Question}\n{record.Answer}\n{reviewer}";
            var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)));
            labels[key] = new EvaluationLabel
            {
                Key = key,
                Question = record.Question ?? "",
                Answer = record.Answer,
                Language = Truncate(string.IsNullOrWhiteSpace(record.Language) ? "en" : record.Language, 16),
                Model = record.Model is null ? null : Truncate(record.Model, 128),
                Region = record.Region is null ? null : Truncate(record.Region, 32),
                HumanClass = human.ToString(),
                Reviewer = Truncate(reviewer, 256),
                LabelledAt = record.LabelledAt == default ? null : record.LabelledAt,
                ExportedClass = EffectiveClass.Parse(record.ClassifierClass)?.ToString(),
                ExportedVersion = record.ClassifierVersion is null ? null : Truncate(record.ClassifierVersion, 64),
                ImportedBy = Truncate(importedBy, 256),
                ImportedAt = now,
            };
        }
        if (errors.Count > 0)
        {
            return new EvaluationImport(0, 0, ignored, errors);
        }

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var keys = labels.Keys.ToList();
        var existing = new Dictionary<string, EvaluationLabel>(StringComparer.Ordinal);
        foreach (var chunk in keys.Chunk(5000))
        {
            foreach (var label in await db.EvaluationLabels.Where(l => chunk.Contains(l.Key)).ToListAsync(cancellationToken))
            {
                existing[label.Key] = label;
            }
        }
        foreach (var label in labels.Values)
        {
            if (existing.TryGetValue(label.Key, out var old))
            {
                label.Id = old.Id;
                db.Entry(old).CurrentValues.SetValues(label);
            }
            else
            {
                db.EvaluationLabels.Add(label);
            }
        }
        await db.SaveChangesAsync(cancellationToken);
        return new EvaluationImport(labels.Count - existing.Count, existing.Count, ignored, []);
    }

    /// <summary>
    /// The current classifier against every stored label. The classifier sees only a question and an answer, so the labels
    /// of one question and answer text (several reviewers, or the same text from several executions) are one item, with
    /// their most frequent class (ties: the earliest label). Null when nothing has been imported.
    /// </summary>
    public async Task<EvaluationReport?> ReportAsync(CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var rows = await db.EvaluationLabels.AsNoTracking()
            .Select(l => new { l.Id, l.Question, l.Answer, l.Language, l.HumanClass, l.Reviewer, l.LabelledAt })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            return null;
        }
        var labelled = rows.GroupBy(r => (r.Question, r.Answer))
            .Select(g => (g.Key.Question, g.Key.Answer, g.First().Language,
                Human: HumanConsensus.Of(g.Select(r => new HumanLabel(r.Id, r.Reviewer, EffectiveClass.Parse(r.HumanClass), false, r.LabelledAt ?? DateTimeOffset.MinValue)))))
            .Where(x => x.Human is not null)
            .Select(x => (x.Question, x.Answer, x.Language, x.Human!.Value))
            .ToList();
        return LabelEvaluation.Evaluate(labelled, classifier);
    }

    private static string Truncate(string text, int max) => text.Length <= max ? text : text[..max];
}
