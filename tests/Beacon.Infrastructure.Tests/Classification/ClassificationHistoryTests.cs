using Beacon.Core.Analysis;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;
using Microsoft.Extensions.DependencyInjection;
using static Beacon.Infrastructure.Tests.Analysis.EmulatedJob;

namespace Beacon.Infrastructure.Tests.Classification;

public sealed class ClassificationHistoryTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private ClassificationService Classification => _host.Services.GetRequiredService<ClassificationService>();

    [Fact]
    public async Task EveryAnsweredExecutionStartsItsHistoryWithTheClassifiersClass()
    {
        var (_, executions) = await RunAsync(_host);

        foreach (var execution in executions.Take(5))
        {
            var history = await Classification.HistoryAsync(execution.Id, default);
            var only = Assert.Single(history);
            Assert.Equal((ClassificationSource.Classifier, execution.Classification, ResponseClassifier.Version, execution.ClassificationRule),
                (only.Source, only.Class, only.Version, only.Rule));
        }
    }

    [Fact]
    public async Task ReclassifyingWithANewVersionKeepsTheOldClassVersionAndRule()
    {
        var (job, executions) = await RunAsync(_host);
        var cell = executions.First(e => e is { ModelId: Qwen, Region: "APAC", QuestionId: "tiananmen_neutral" });
        // As if an older classifier version had called the refusal substantive.
        await _db.ExecuteAsync(
            "UPDATE executions SET classification = 'Substantive', classifier_version = 'rules-0.9', classification_rule = 'old-rule', classification_evidence = NULL WHERE id = @id",
            ("id", cell.Id));

        var result = await Classification.ReclassifyAsync(job.Id, default);

        Assert.Equal(1, result.ClassChanged);
        var history = await Classification.HistoryAsync(cell.Id, default);
        Assert.Equal(
            [("Refusal", ResponseClassifier.Version), ("Substantive", "rules-0.9"), ("Refusal", ResponseClassifier.Version)],
            history.Select(h => (h.Class!, h.Version)).ToList());
        Assert.Equal("old-rule", history[1].Rule);
        Assert.Equal(cell.ClassificationRule, history[2].Rule);
        Assert.All(history, h => Assert.Equal(ClassificationSource.Classifier, h.Source));

        // Re-classifying again changes nothing, so nothing is added.
        await Classification.ReclassifyAsync(job.Id, default);
        Assert.Equal(3, (await Classification.HistoryAsync(cell.Id, default)).Count);
    }

    [Fact]
    public async Task AnOverrideIsNotAClassifierClassAndAddsNothingToTheHistory()
    {
        var (_, executions) = await RunAsync(_host);
        var cell = executions[0];

        await Classification.OverrideAsync(cell.Id, ResponseClass.Partial, "hand-checked", "alice", default);

        Assert.Single(await Classification.HistoryAsync(cell.Id, default));
    }

    [Fact]
    public async Task TheMigrationCopiesTodaysClassesIntoTheHistory()
    {
        await using var database = await TestDatabase.CreateAsync();
        var options = new DbContextOptionsBuilder<BeaconDbContext>()
            .UseNpgsql(database.ConnectionString, npgsql => npgsql.MigrationsAssembly("Beacon.Migrations"))
            .UseSnakeCaseNamingConvention()
            .Options;
        await using (var db = new BeaconDbContext(options))
        {
            await db.GetService<IMigrator>().MigrateAsync("20261129144132_Accounts");
        }
        var job = Guid.NewGuid();
        await database.ExecuteAsync(
            """
            INSERT INTO jobs (id, name, status, questions, models, regions, repeats, temperature, max_tokens, system_prompt_template, execution_count, submitted_by, created_at)
            VALUES (@job, 'old job', 'Completed', '[]', '{qwen2.5-1.5b}', '{US}', 1, 0.1, 500, '', 2, 'someone', now())
            """, ("job", job));
        await database.ExecuteAsync(
            """
            INSERT INTO executions (job_id, question_id, model_id, region, repeat_index, status, prompt, system_prompt, classification, classifier_version, classification_rule, completed_at)
            VALUES (@job, 'a', 'qwen2.5-1.5b', 'US', 0, 'Succeeded', 'q', 's', 'Refusal', 'rules-1.2', 'decline', now()),
                   (@job, 'b', 'qwen2.5-1.5b', 'US', 0, 'Pending', 'q', 's', NULL, NULL, NULL, NULL)
            """, ("job", job));

        await using (var db = new BeaconDbContext(options))
        {
            await db.Database.MigrateAsync();
        }

        Assert.Equal(1L, await database.ScalarAsync<long>("SELECT count(*) FROM execution_classifications"));
        Assert.Equal("Refusal|rules-1.2|decline|Classifier", await database.ScalarAsync<string>(
            "SELECT class || '|' || version || '|' || rule || '|' || source FROM execution_classifications"));
    }
}
