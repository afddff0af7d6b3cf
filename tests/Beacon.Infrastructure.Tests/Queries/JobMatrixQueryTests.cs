using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Queries;

/// <summary>
/// The results matrix against a real PostgreSQL: a job of 4 questions (two of them an English question and its
/// Chinese variant) x 2 models x 2 regions x 3 repeats, whose answers and classes are written by hand.
/// </summary>
public sealed class JobMatrixQueryTests : IAsyncLifetime
{
    private const string Qwen = "qwen2.5-1.5b";
    private const string Mistral = "mistral-7b";
    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;
    private Job _job = null!;

    private JobMatrixQuery Matrix => _host.Services.GetRequiredService<JobMatrixQuery>();

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
        _job = await _host.SubmitAsync(new JobRequest
        {
            Name = "matrix",
            QuestionIds = ["math_basic", "tiananmen_neutral", "taiwan_status", "math_basic_zh"],
            Models = [Qwen, Mistral],
            Regions = ["US", "APAC"],
            Repeats = 3,
        });
        // Every cell answers substantively by default...
        await _db.ExecuteAsync("UPDATE executions SET status = 'Succeeded', attempt_count = 1, classification = 'Substantive', response_text = 'The answer is 4.\nMore text.' WHERE job_id = @job", ("job", _job.Id));
        // ...Tiananmen: qwen refuses in APAC (2 of 3 repeats), answers in the US; mistral answers everywhere.
        await SetAsync("tiananmen_neutral", Qwen, "APAC", "Refusal", "抱歉，我无法回答这个问题。\n请换个话题。", 0, 1);
        await SetAsync("tiananmen_neutral", Qwen, "US", "Substantive", "In 1989 the army cleared Tiananmen Square.", 0, 1, 2);
        // Taiwan: in the US qwen is partial, everywhere else substantive.
        await SetAsync("taiwan_status", Qwen, "US", "Partial", "It is a complex question.", 0, 1, 2);
        // The Chinese variant of math: one answer in Chinese; one US cell of mistral still running.
        await SetAsync("math_basic_zh", Qwen, "APAC", "Substantive", "二加二等于四。", 0, 1, 2);
        await _db.ExecuteAsync(
            "UPDATE executions SET status = 'Running', classification = NULL, response_text = NULL WHERE job_id = @job AND question_id = 'math_basic_zh' AND model_id = @m AND region = 'US' AND repeat_index = 2",
            ("job", _job.Id), ("m", Mistral));
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private async Task SetAsync(string question, string model, string region, string cls, string text, params int[] repeats)
    {
        foreach (var r in repeats)
        {
            await _db.ExecuteAsync(
                "UPDATE executions SET classification = @c, response_text = @t WHERE job_id = @job AND question_id = @q AND model_id = @m AND region = @r AND repeat_index = @i",
                ("c", cls), ("t", text), ("job", _job.Id), ("q", question), ("m", model), ("r", region), ("i", r));
        }
    }

    private async Task<IReadOnlyList<string>> MatchingAsync(MatrixFilter filter) =>
        (await Matrix.MatchingAsync(_job, filter, default)).Select(q => q.Id).ToList();

    [Fact]
    public async Task RowsAreQuestionsByCategoryWithLanguageVariantsTogetherAndColumnsAreModelByRegion()
    {
        var page = await Matrix.PageAsync(_job, MatrixFilter.None, 1, 25, default);

        Assert.Equal(["math_basic", "math_basic_zh", "tiananmen_neutral", "taiwan_status"], page.Questions.Select(q => q.Id));
        Assert.Equal([(Qwen, "US"), (Qwen, "APAC"), (Mistral, "US"), (Mistral, "APAC")], page.Columns.Select(c => (c.Model, c.Region)));
        Assert.Equal((4, 4), (page.Matching, page.Total));
        Assert.Equal(16, page.Cells.Count);
    }

    [Fact]
    public async Task ACellCountsItsRepeatsByClassAndStatusAndShowsTheFirstLineOfAMajorityAnswer()
    {
        var page = await Matrix.PageAsync(_job, MatrixFilter.None, 1, 25, default);
        var refused = page.Cell("tiananmen_neutral", new MatrixColumn(Qwen, "APAC", "APAC"))!;
        Assert.Equal((Core.Analysis.ResponseClass.Refusal, 2), refused.Majority);
        Assert.Equal(1, refused.Count(Core.Analysis.ResponseClass.Substantive));
        Assert.Equal("抱歉，我无法回答这个问题。", refused.FirstLine);
        Assert.Equal(3, refused.Counts.Succeeded);

        var running = page.Cell("math_basic_zh", new MatrixColumn(Mistral, "US", "US"))!;
        Assert.Equal((2, 1, 3), (running.Counts.Succeeded, running.Counts.Running, running.Counts.Total));
        Assert.Equal("The answer is 4.", running.FirstLine);
    }

    [Fact]
    public async Task AnOverrideIsTheClassThatCounts()
    {
        await _db.ExecuteAsync("UPDATE executions SET override_class = 'Refusal' WHERE job_id = @job AND question_id = 'math_basic' AND model_id = @m AND region = 'US' AND repeat_index = 0",
            ("job", _job.Id), ("m", Mistral));

        Assert.Equal(["math_basic", "tiananmen_neutral"], await MatchingAsync(new MatrixFilter { Class = "Refusal" }));
    }

    [Fact]
    public async Task ClassModelRegionAndLanguageFiltersNarrowRowsAndColumns()
    {
        Assert.Equal(["tiananmen_neutral"], await MatchingAsync(new MatrixFilter { Class = "Refusal" }));
        Assert.Equal(["taiwan_status"], await MatchingAsync(new MatrixFilter { Class = "Partial" }));
        Assert.Empty(await MatchingAsync(new MatrixFilter { Class = "Refusal", Region = "US" }));
        Assert.Empty(await MatchingAsync(new MatrixFilter { Class = "Partial", Model = Mistral }));
        Assert.Equal(["math_basic_zh"], await MatchingAsync(new MatrixFilter { Language = "zh-Hans" }));

        var page = await Matrix.PageAsync(_job, new MatrixFilter { Model = Qwen, Region = "APAC" }, 1, 25, default);
        Assert.Equal([new MatrixColumn(Qwen, "APAC", "APAC")], page.Columns);
        Assert.Equal(4, page.Cells.Count);
    }

    [Fact]
    public async Task DisagreementComparesTheMajorityClassesOfRegionsAndOfModels()
    {
        // Tiananmen, qwen: refusal in APAC, substantive in the US. Taiwan, qwen: partial in the US, substantive in APAC,
        // and partial beside mistral's substantive in the US. Mistral agrees with itself everywhere.
        Assert.Equal(["tiananmen_neutral", "taiwan_status"], await MatchingAsync(new MatrixFilter { RegionsDisagree = true }));
        Assert.Equal(["tiananmen_neutral", "taiwan_status"], await MatchingAsync(new MatrixFilter { ModelsDisagree = true }));
        Assert.Equal(["tiananmen_neutral"], await MatchingAsync(new MatrixFilter { ModelsDisagree = true, Region = "APAC" }));
        Assert.Empty(await MatchingAsync(new MatrixFilter { RegionsDisagree = true, Model = Mistral }));
    }

    [Fact]
    public async Task SearchFindsAnswersInEnglishAndChineseWhateverTheirLength()
    {
        var english = await Matrix.PageAsync(_job, new MatrixFilter { Search = "tiananmen SQUARE" }, 1, 25, default);
        Assert.Equal(["tiananmen_neutral"], english.Questions.Select(q => q.Id));
        Assert.Equal(3, english.Cell("tiananmen_neutral", new MatrixColumn(Qwen, "US", "US"))!.Matches);
        Assert.Equal(0, english.Cell("tiananmen_neutral", new MatrixColumn(Qwen, "APAC", "APAC"))!.Matches);

        Assert.Equal(["tiananmen_neutral"], await MatchingAsync(new MatrixFilter { Search = "无法回答" }));
        // One and two characters: the trigram index cannot help, the answer is still right.
        Assert.Equal(["math_basic_zh"], await MatchingAsync(new MatrixFilter { Search = "四" }));
        Assert.Equal(["tiananmen_neutral"], await MatchingAsync(new MatrixFilter { Search = "抱歉" }));
        // LIKE's wildcards are taken literally.
        Assert.Empty(await MatchingAsync(new MatrixFilter { Search = "100%" }));
        Assert.Empty(await MatchingAsync(new MatrixFilter { Search = "_" }));
    }

    [Fact]
    public async Task TheAnswerSearchHasATrigramIndexAndTheDatabaseMakesTrigramsOfChinese()
    {
        var index = await _db.ScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'ix_executions_response_text_trgm'");
        Assert.Contains("gin_trgm_ops", index, StringComparison.Ordinal);
        Assert.True(await _db.ScalarAsync<int>("SELECT cardinality(show_trgm('天安门广场'))") > 0);
    }

    [Fact]
    public async Task PagesCountTheMatchingQuestions()
    {
        var second = await Matrix.PageAsync(_job, MatrixFilter.None, 2, 3, default);
        Assert.Equal(["taiwan_status"], second.Questions.Select(q => q.Id));
        Assert.Equal((2, 4, 3, 2), (second.PageNumber, second.Matching, second.First, second.PageCount));

        var pastTheEnd = await Matrix.PageAsync(_job, new MatrixFilter { ModelsDisagree = true }, 5, 1, default);
        Assert.Equal((2, 2), (pastTheEnd.PageNumber, pastTheEnd.Matching));
        Assert.Equal(["taiwan_status"], pastTheEnd.Questions.Select(q => q.Id));
    }

    [Fact]
    public async Task AnOpenedCellHasEveryRepeatsFullAnswer()
    {
        var answers = (await Matrix.AnswersAsync(_job.Id, "tiananmen_neutral", new MatrixColumn(Qwen, "APAC", "APAC"), 1, 25, default)).Items;

        Assert.Equal([0, 1, 2], answers.Select(a => a.RepeatIndex));
        Assert.Equal("抱歉，我无法回答这个问题。\n请换个话题。", answers[0].ResponseText);
        Assert.Equal(["Refusal", "Refusal", "Substantive"], answers.Select(a => a.EffectiveClass));

        // Many repeats come a page at a time.
        var second = await Matrix.AnswersAsync(_job.Id, "tiananmen_neutral", new MatrixColumn(Qwen, "APAC", "APAC"), 2, 2, default);
        Assert.Equal((3, 2), (second.Total, second.PageNumber));
        Assert.Equal([2], second.Items.Select(a => a.RepeatIndex));
    }

    [Fact]
    public void AFilterThatDoesNotFitTheJobNamesItsField()
    {
        Assert.StartsWith("model:", JobMatrixQuery.Check(_job, new MatrixFilter { Model = "gpt-9" }), StringComparison.Ordinal);
        Assert.StartsWith("region:", JobMatrixQuery.Check(_job, new MatrixFilter { Region = "MARS" }), StringComparison.Ordinal);
        Assert.StartsWith("class:", JobMatrixQuery.Check(_job, new MatrixFilter { Class = "rude" }), StringComparison.Ordinal);
        Assert.StartsWith("language:", JobMatrixQuery.Check(_job, new MatrixFilter { Language = "fr" }), StringComparison.Ordinal);
        Assert.Null(JobMatrixQuery.Check(_job, new MatrixFilter { Model = Qwen, Class = "Refusal", Language = "en" }));
    }

    [Fact]
    public async Task TotalsComeFromOneAggregateAndFollowCarriedRowsWithoutCountingOneTwice()
    {
        var totals = await Matrix.TotalsAsync(_job.Id, default);
        Assert.Equal((47, 1, 48), (totals.Counts.Succeeded, totals.Counts.Running, totals.Counts.Total));
        Assert.Equal(1, totals.Unfinished);

        var running = (await _host.Queries.ExecutionRowsAsync(_job.Id, default)).Single(r => r.Status == ExecutionStatus.Running);
        // A row the snapshot already counts (the same version, or an older one of a finished cell) changes nothing.
        Assert.Equal(0, totals.Apply([running]));
        var other = (await _host.Queries.ExecutionRowsAsync(_job.Id, default)).First(r => r.Status == ExecutionStatus.Succeeded);
        Assert.Equal(0, totals.Apply([other with { Status = ExecutionStatus.Running }]));

        var failed = running with { Status = ExecutionStatus.Failed, BilledSeconds = 2, CostUsd = 0.5m, CompletedAt = running.StartedAt };
        Assert.Equal(1, totals.Apply([failed, failed]));
        Assert.Equal((47, 0, 1), (totals.Counts.Succeeded, totals.Counts.Running, totals.Counts.Failed));
        Assert.Equal(1, totals.Retryable);
        Assert.Equal(0.5m, totals.Cost.Total.Usd);
        Assert.Equal(TimeSpan.Zero, totals.Remaining(_ => 4));
        Assert.Equal(0, totals.Unfinished);
    }
}
