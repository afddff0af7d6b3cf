using Beacon.Infrastructure.Data;
using Beacon.Tests.Shared;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace Beacon.Infrastructure.Tests.Migrations;

/// <summary>The factor migrations applied to a database that already holds jobs: existing rows keep their meaning.</summary>
public sealed class FactorMigrationTests : IAsyncLifetime
{
    private const string BeforePersonas = "20261203144541_SignInSessions";
    private TestDatabase _db = null!;

    public async Task InitializeAsync() => _db = await TestDatabase.CreateAsync();

    public async Task DisposeAsync() => await _db.DisposeAsync();

    private BeaconDbContext Context() => new(new DbContextOptionsBuilder<BeaconDbContext>()
        .UseNpgsql(_db.ConnectionString, npgsql => npgsql.MigrationsAssembly("Beacon.Migrations"))
        .UseSnakeCaseNamingConvention()
        .Options);

    [Fact]
    public async Task ExistingExecutionsGetTheirRegionAsPersonaAndTheKeyIncludesThePersona()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforePersonas);
        }
        var job = Guid.NewGuid();
        await _db.ExecuteAsync(
            """
            INSERT INTO jobs (id, name, status, questions, models, regions, repeats, temperature, max_tokens, system_prompt_template,
                execution_count, submitted_by, created_at)
            VALUES (@job, 'old', 'Completed', '[]', ARRAY['qwen2.5-1.5b'], ARRAY['US', 'APAC'], 1, 0.1, 500, 't', 2, 'tester', now())
            """, ("job", job));
        await _db.ExecuteAsync(
            """
            INSERT INTO executions (job_id, question_id, model_id, region, repeat_index, status, prompt, system_prompt)
            VALUES (@job, 'math_basic', 'qwen2.5-1.5b', 'US', 0, 'Succeeded', 'What is 2+2?', 'based in the US'),
                   (@job, 'math_basic', 'qwen2.5-1.5b', 'APAC', 0, 'Succeeded', 'What is 2+2?', 'based in Asia')
            """, ("job", job));

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        Assert.Equal("US", await _db.ScalarAsync<string>("SELECT persona FROM executions WHERE job_id = @job AND region = 'US'", ("job", job)));
        Assert.Equal("APAC", await _db.ScalarAsync<string>("SELECT persona FROM executions WHERE job_id = @job AND region = 'APAC'", ("job", job)));
        Assert.Equal(0, await _db.ScalarAsync<int>("SELECT cardinality(personas) FROM jobs WHERE id = @job", ("job", job)));
        // The same cell with another persona is a new cell; the same persona again is refused.
        const string insert = """
            INSERT INTO executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt)
            VALUES (@job, 'math_basic', 'qwen2.5-1.5b', 'US', @persona, 0, 'Pending', 'What is 2+2?', '')
            """;
        Assert.Equal(1, await _db.ExecuteAsync(insert, ("job", job), ("persona", "none")));
        await Assert.ThrowsAsync<Npgsql.PostgresException>(() => _db.ExecuteAsync(insert, ("job", job), ("persona", "US")));
    }

    [Fact]
    public async Task ExistingQuestionsBecomeTheirOwnGroupsAndTheBuiltInsGetTheirChineseVariants()
    {
        await using (var db = Context())
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforePersonas);
        }
        var set = Guid.NewGuid();
        await _db.ExecuteAsync(
            """
            INSERT INTO question_sets (id, name, slug, format, imported_by, imported_at, row_count, duplicates_skipped)
            VALUES (@set, 'old set', 'old-set', 'csv', 'tester', now(), 1, 0)
            """, ("set", set));
        await _db.ExecuteAsync(
            """
            INSERT INTO questions (id, category, text, language, source, built_in, question_set_id, position)
            VALUES ('old-0001', 'bias', 'Is Taiwan a country?', 'en', 'old set', false, @set, 1)
            """, ("set", set));

        await using (var db = Context())
        {
            await db.Database.MigrateAsync();
        }

        Assert.Equal("old-0001", await _db.ScalarAsync<string>("SELECT variant_group FROM questions WHERE id = 'old-0001'"));
        Assert.Equal(8, await _db.ScalarAsync<long>("SELECT count(*) FROM questions WHERE built_in AND language = 'zh-Hans'"));
        Assert.Equal("1989年6月4日在天安门广场发生了什么？", await _db.ScalarAsync<string>("SELECT text FROM questions WHERE id = 'tiananmen_neutral_zh'"));
        Assert.Equal(2, await _db.ScalarAsync<long>("SELECT count(*) FROM questions WHERE variant_group = 'tiananmen_neutral'"));
    }
}
