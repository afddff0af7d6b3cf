using Beacon.Core.Catalog;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Jobs;

public sealed class LanguagePlanningTests
{
    private static readonly Dictionary<string, Question> Catalogue = BuiltInQuestions.Catalogue.ToDictionary(q => q.Id);
    private static readonly string[] Models = BuiltInCatalog.Models.Select(m => m.Id).ToArray();
    private readonly JobPlanner _planner = new(JobLimits.Default);

    private JobPlanResult Plan(JobRequest request) => _planner.Plan(request, Catalogue, Models, BuiltInCatalog.Regions);

    [Fact]
    public void EveryBuiltInQuestionHasASimplifiedChineseVariantInItsGroup()
    {
        Assert.Equal(8, BuiltInQuestions.ChineseVariants.Count);
        Assert.Equal(16, BuiltInQuestions.Catalogue.Select(q => q.Id).Distinct().Count());
        foreach (var english in BuiltInQuestions.All)
        {
            var variant = Assert.Single(BuiltInQuestions.ChineseVariants, q => q.VariantGroup == english.VariantGroup);
            Assert.Equal((english.Id + "_zh", english.Category, "zh-Hans", "en"), (variant.Id, variant.Category, variant.Language, english.Language));
        }
        Assert.Equal("1989年6月4日在天安门广场发生了什么？", Catalogue["tiananmen_neutral_zh"].Text);
    }

    [Fact]
    public void TheLanguagesShortcutAddsEachQuestionsVariantsAfterIt()
    {
        var plan = Plan(new JobRequest
        {
            QuestionIds = ["tiananmen_neutral", "math_basic"],
            Models = ["qwen2.5-1.5b"],
            Regions = ["US", "APAC"],
            Repeats = 2,
            Languages = ["en", "zh-Hans"],
        }).Plan!;

        Assert.Equal(["tiananmen_neutral", "tiananmen_neutral_zh", "math_basic", "math_basic_zh"], plan.Questions.Select(q => q.Id));
        // 4 questions x 1 model x 2 regions x 2 repeats, each key once
        Assert.Equal(16, plan.Cells.Count);
        Assert.Equal(16, plan.Cells.Select(c => (c.QuestionId, c.ModelId, c.Region, c.Persona, c.RepeatIndex)).Distinct().Count());
        Assert.Equal("1989年6月4日在天安门广场发生了什么？", plan.Cells.First(c => c.QuestionId == "tiananmen_neutral_zh").Prompt);
    }

    [Fact]
    public void TickingVariantsDirectlyWorksWithoutTheShortcut()
    {
        var plan = Plan(new JobRequest { QuestionIds = ["taiwan_status_zh", "taiwan_status"], Models = ["mistral-7b"], Regions = ["EU"] }).Plan!;

        Assert.Equal(["taiwan_status_zh", "taiwan_status"], plan.Questions.Select(q => q.Id));
        Assert.All(plan.Questions, q => Assert.Equal("taiwan_status", q.VariantGroup));
    }

    [Fact]
    public void LanguagesAndPersonasMultiplyTogether()
    {
        var plan = Plan(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = Models,
            Regions = ["US", "EU", "APAC"],
            Personas = ["matched", "none"],
            Languages = ["zh-Hans"],
        }).Plan!;

        // 16 questions x 3 models x 3 regions x 2 personas
        Assert.Equal(288, plan.Cells.Count);
        Assert.Equal(288, plan.Cells.Select(c => (c.QuestionId, c.ModelId, c.Region, c.Persona, c.RepeatIndex)).Distinct().Count());
    }

    [Fact]
    public void ALanguageWithoutAnyVariantIsAnErrorNamingTheField()
    {
        var result = Plan(new JobRequest { QuestionIds = ["math_basic"], Models = ["mistral-7b"], Regions = ["EU"], Languages = ["fr", "zh-Hans", "ZH-HANS"] });

        Assert.False(result.IsValid);
        Assert.Equal(["The language 'ZH-HANS' is listed more than once.", "No chosen question has a variant in 'fr'."], result.Errors["languages"]);
    }
}
