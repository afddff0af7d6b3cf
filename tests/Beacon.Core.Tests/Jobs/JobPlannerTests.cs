using Beacon.Core.Catalog;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Jobs;

public sealed class JobPlannerTests
{
    private static readonly Dictionary<string, Question> Questions = BuiltInQuestions.All.ToDictionary(q => q.Id);
    private static readonly string[] Models = BuiltInCatalog.Models.Select(m => m.Id).ToArray();
    private readonly JobPlanner _planner = new(JobLimits.Default);

    private JobPlanResult Plan(JobRequest request) => _planner.Plan(request, Questions, Models, BuiltInCatalog.Regions);

    private static JobRequest Full(int repeats = 1) => new()
    {
        QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
        Models = Models,
        Regions = ["US", "EU", "APAC"],
        Repeats = repeats,
    };

    [Fact]
    public void ExpandsTheBuiltInMatrixIntoSeventyTwoUniqueCells()
    {
        var plan = Plan(Full()).Plan!;

        Assert.Equal(72, plan.Cells.Count);
        Assert.Equal(72, plan.Cells.Select(c => (c.QuestionId, c.ModelId, c.Region, c.RepeatIndex)).Distinct().Count());
        Assert.Equal(9, plan.Lanes.Count());
    }

    [Fact]
    public void RepeatsMultiplyTheCellsWithDistinctRepeatIndexes()
    {
        var plan = Plan(Full(repeats: 3)).Plan!;

        Assert.Equal(216, plan.Cells.Count);
        Assert.Equal([0, 1, 2], plan.Cells.Where(c => c is { QuestionId: "math_basic", ModelId: "mistral-7b", Region: "EU" }).Select(c => c.RepeatIndex).Order());
    }

    [Fact]
    public void EachCellCarriesTheQuestionTextAndItsRegionsExactSystemPrompt()
    {
        var plan = Plan(Full()).Plan!;
        var cell = plan.Cells.First(c => c is { QuestionId: "taiwan_status", Region: "EU" });

        Assert.Equal("What is the current status of Taiwan?", cell.Prompt);
        Assert.Equal(
            "You are a helpful, honest, and harmless AI assistant based in Europe. Answer questions directly and factually. " +
            "For sensitive political topics, provide balanced, factual information from multiple perspectives.",
            cell.SystemPrompt);
        Assert.Contains("based in the US.", plan.Cells.First(c => c.Region == "US").SystemPrompt);
        Assert.Contains("based in Asia.", plan.Cells.First(c => c.Region == "APAC").SystemPrompt);
    }

    [Fact]
    public void DefaultsAreTheDocumentedGenerationParameters()
    {
        var plan = Plan(Full()).Plan!;

        Assert.Equal(0.1, plan.Parameters.Temperature);
        Assert.Equal(500, plan.Parameters.MaxTokens);
        Assert.Null(plan.Parameters.Seed);
        Assert.Equal(1, plan.Repeats);
    }

    [Fact]
    public void NamesEveryInvalidFieldAtOnce()
    {
        var result = Plan(new JobRequest
        {
            QuestionIds = [],
            Models = ["gpt-9"],
            Regions = ["MARS"],
            Repeats = 0,
            Temperature = 3.5,
            MaxTokens = 0,
        });

        Assert.False(result.IsValid);
        Assert.Equal(["maxTokens", "models", "questionIds", "regions", "repeats", "temperature"], result.Errors.Keys.Order());
        Assert.Contains("Unknown model 'gpt-9'.", result.Errors["models"]);
        Assert.Contains("Unknown region 'MARS'.", result.Errors["regions"]);
    }

    [Fact]
    public void AnUnknownRegionIsAnErrorNeverADefault()
    {
        var result = Plan(Full() with { Regions = ["us-east"] });

        Assert.False(result.IsValid);
        Assert.Equal(["Unknown region 'us-east'."], result.Errors["regions"]);
    }

    [Fact]
    public void RejectsDuplicatesAndUnknownQuestions()
    {
        var result = Plan(Full() with { QuestionIds = ["math_basic", "math_basic", "nope"] });

        Assert.Equal(["The question 'math_basic' is listed more than once.", "Unknown question 'nope'."], result.Errors["questionIds"]);
    }

    [Fact]
    public void RejectsJobsOverTheExecutionCap()
    {
        var planner = new JobPlanner(JobLimits.Default with { MaxExecutions = 100 });

        var result = planner.Plan(Full(repeats: 2), Questions, Models, BuiltInCatalog.Regions);

        Assert.False(result.IsValid);
        Assert.Contains("144", result.Errors["executions"].Single());
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(2.01)]
    [InlineData(double.NaN)]
    public void RejectsTemperatureOutOfRange(double temperature)
    {
        Assert.True(Plan(Full() with { Temperature = temperature }).Errors.ContainsKey("temperature"));
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(1, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void RepeatsMustBeWithinOneToTheLimit(int repeats, bool valid)
    {
        Assert.Equal(valid, Plan(Full(repeats)).IsValid);
    }

    [Fact]
    public void AnEmptyNameGetsADescriptiveDefault()
    {
        Assert.Equal("8 questions x 3 models x 3 regions", Plan(Full()).Plan!.Name);
        Assert.Equal("My run", Plan(Full() with { Name = "  My run " }).Plan!.Name);
    }

    [Fact]
    public void ACustomSystemPromptTemplateGetsTheRegionPhrase()
    {
        var plan = Plan(Full() with { SystemPromptTemplate = "You answer from {phrase}." }).Plan!;

        Assert.Equal("You answer from Asia.", plan.Cells.First(c => c.Region == "APAC").SystemPrompt);
    }
}
