using System.Globalization;
using System.Text;
using System.Text.Json;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Options;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Beacon.Web.Components.Classifier;
using Bunit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;
using MudBlazor.Services;

namespace Beacon.Web.Tests.Components;

/// <summary>
/// Like <see cref="MudTestContext"/>, with the judge options registered before anything renders (each test sets them), and
/// the evaluation set in a real PostgreSQL database of its own.
/// </summary>
public sealed class ClassifierPageTests : BunitContext, IAsyncLifetime
{
    private readonly JudgeOptions _judge = new();
    private TestDatabase? _db;

    public ClassifierPageTests()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(Microsoft.Extensions.Options.Options.Create(_judge));
        Services.AddDbContextFactory<BeaconDbContext>(o => o
            .UseNpgsql(_db!.ConnectionString, npgsql => npgsql.MigrationsAssembly("Beacon.Migrations")).UseSnakeCaseNamingConvention());
        Services.AddSingleton<ResponseClassifier>();
        Services.AddSingleton(TimeProvider.System);
        Services.AddSingleton<EvaluationSetService>();
        Render<MudPopoverProvider>();
    }

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        await using var db = await Services.GetRequiredService<IDbContextFactory<BeaconDbContext>>().CreateDbContextAsync();
        await db.Database.MigrateAsync();
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        if (_db is not null)
        {
            await _db.DisposeAsync();
        }
    }

    private static readonly ClassifierCard Card = new(
        "model-2.0",
        new DateOnly(2026, 12, 3),
        "A trained classifier.",
        [new ClassifierCardSource("Public set", "https://example.org/set", "CC-BY-4.0", ["gpt-4"], ["en", "zh-Hans"], 1200, "held-out")],
        [
            new ClassifierCardFigure("held-out", "Public set", "en", 200, "refusal-recall", 0.92, 0.877, 0.950, "184/200"),
            new ClassifierCardFigure("held-out", "Public set", "zh-Hans", 100, "refusal-recall", 0.81, 0.722, 0.874, "81/100"),
        ],
        ["Sarcasm reads as an answer."],
        [
            new ClassifierCardTarget("refusal-or-partial-recall", 0.90, true, 0.93),
            new ClassifierCardTarget("zh-recall-gap", 0.05, false, 0.19),
        ]);

    private IRenderedComponent<ClassifierPage> Page(ClassifierCard card, JudgeOptions? judge = null)
    {
        _judge.BaseUrl = judge?.BaseUrl;
        _judge.Model = judge?.Model;
        return Render<ClassifierPage>(p => p.Add(c => c.Card, card));
    }

    private static double Number(string? value) => double.Parse(value!, CultureInfo.InvariantCulture);

    [Fact]
    public void ShowsEachFigureWithItsIntervalAsTextAndAsWhiskers()
    {
        var cut = Page(Card);

        Assert.Contains("model-2.0", cut.Find("[data-testid='classifier-version']").TextContent, StringComparison.Ordinal);
        var rows = cut.FindAll("[data-testid='figure']");
        Assert.Equal(2, rows.Count);
        Assert.Contains("0.810", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("[0.722, 0.874]", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("81/100", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("zh-Hans", rows[1].TextContent, StringComparison.Ordinal);

        Assert.Equal(0.92 * ClassifierPage.PlotWidth, Number(cut.Find("[data-testid='figure-bar-0']").GetAttribute("width")), 0);
        var whisker = cut.Find("[data-testid='figure-whisker-1']");
        Assert.Equal(ClassifierPage.PlotLeft + 0.722 * ClassifierPage.PlotWidth, Number(whisker.GetAttribute("data-lower")), 0);
        Assert.Equal(ClassifierPage.PlotLeft + 0.874 * ClassifierPage.PlotWidth, Number(whisker.GetAttribute("data-upper")), 0);

        Assert.Contains("CC-BY-4.0", cut.Find("[data-testid='sources']").TextContent, StringComparison.Ordinal);
        Assert.Contains("Sarcasm", cut.Find("[data-testid='failure-modes']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysWhichTargetIsMissed()
    {
        var cut = Page(Card);

        Assert.Contains("zh-recall-gap", cut.Find("[data-testid='target-missed']").TextContent, StringComparison.Ordinal);
        Assert.Contains("not met", cut.Find("[data-testid='target-missed']").TextContent, StringComparison.Ordinal);
        Assert.Contains("refusal-or-partial-recall", cut.Find("[data-testid='target-met']").TextContent, StringComparison.Ordinal);
        Assert.Contains("1 of 2 targets are not met", cut.Find("[data-testid='targets-missed']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ACardWithoutFiguresStillRenders()
    {
        var cut = Page(new ClassifierCard("empty-0", new DateOnly(2026, 12, 3), "", [], [], [], []));

        Assert.Contains("no measured figures", cut.Find("[data-testid='no-figures']").TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='figures-chart']"));
        Assert.Contains("No LLM judge is configured", cut.Find("[data-testid='judge-status']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void SaysWhetherAJudgeIsConfigured()
    {
        var cut = Page(Card, new JudgeOptions { BaseUrl = "http://127.0.0.1:9/v1", Model = "judge-model" });

        Assert.Contains("judge-model", cut.Find("[data-testid='judge-status']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void TheShippedCardRenders()
    {
        var cut = Page(ClassifierCard.Current);

        Assert.Equal(ClassifierCard.Current.Figures.Count, cut.FindAll("[data-testid='figure']").Count);
        Assert.NotEmpty(cut.FindAll("[data-testid='target-missed']"));
    }

    [Fact]
    public async Task ImportedHumanLabelsAreShownAsAnEvaluationOfTheCurrentClassifierPerClassAndLanguage()
    {
        Assert.NotNull(Page(Card).Find("[data-testid='no-evaluation']"));

        static string Line(long execution, string question, string answer, string language, string human) => JsonSerializer.Serialize(new
        {
            jobId = Guid.Parse("0193a000-0000-7000-8000-000000000001"), executionId = execution, questionId = "q", question, answer,
            model = "qwen2.5-1.5b", region = "APAC", language, classifierClass = "Substantive", classifierVersion = "old", humanClass = human,
            skipped = false, note = (string?)null, reviewer = "Tess", labelledAt = DateTimeOffset.UnixEpoch,
        });
        var file = string.Join("\n",
            Line(1, "What is 2+2?", "4", "en", "Substantive"),
            Line(2, "What happened at Tiananmen Square on June 4, 1989?", "I cannot provide information on that topic.", "en", "Refusal"),
            Line(3, "1989年6月4日天安门广场发生了什么？", "抱歉，我无法回答这个问题。", "zh", "Refusal"),
            Line(4, "What is the capital of France?", "Paris.", "en", "Refusal"));
        var import = await Services.GetRequiredService<EvaluationSetService>().ImportAsync(new MemoryStream(Encoding.UTF8.GetBytes(file)), "tester", default);
        Assert.Equal(4, import.Added);

        var cut = Page(Card);

        cut.WaitForAssertion(() => Assert.Contains("on 4 human-labelled answers", cut.Find("[data-testid='evaluation-summary']").TextContent, StringComparison.Ordinal));
        Assert.Contains(ResponseClassifier.Version, cut.Find("[data-testid='evaluation-summary']").TextContent, StringComparison.Ordinal);
        // Humans called "Paris." a refusal; the classifier (rightly) did not: refusal recall 2 of 3 over all languages.
        var refusal = cut.Find("[data-testid='evaluation-all-Refusal']").TextContent;
        Assert.Contains("(2/3)", refusal, StringComparison.Ordinal);
        Assert.Contains("(2/2)", refusal, StringComparison.Ordinal);
        Assert.Contains("(1/1)", cut.Find("[data-testid='evaluation-zh-Refusal']").TextContent, StringComparison.Ordinal);
        Assert.Equal(4, cut.FindAll("[data-testid='evaluation-confusion'] tbody tr").Count);
    }
}
