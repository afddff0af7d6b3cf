using Beacon.Core.Catalog;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Jobs;

public sealed class PersonaPlanningTests
{
    private static readonly Dictionary<string, Question> Questions = BuiltInQuestions.All.ToDictionary(q => q.Id);
    private static readonly string[] Models = BuiltInCatalog.Models.Select(m => m.Id).ToArray();
    private readonly JobPlanner _planner = new(JobLimits.Default);

    private JobPlanResult Plan(JobRequest request) => _planner.Plan(request, Questions, Models, BuiltInCatalog.Regions);

    private static JobRequest Full(IReadOnlyList<string>? personas, int repeats = 1) => new()
    {
        QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
        Models = Models,
        Regions = ["US", "EU", "APAC"],
        Repeats = repeats,
        Personas = personas,
    };

    [Fact]
    public void WithoutPersonasEveryCellAnswersAsItsServingRegion()
    {
        var plan = Plan(Full(null)).Plan!;

        Assert.Equal(72, plan.Cells.Count);
        Assert.All(plan.Cells, c => Assert.Equal(c.Region, c.Persona));
        Assert.False(plan.CrossesPersonas);
        Assert.Empty(plan.RequestedPersonas);
        Assert.Empty(Plan(Full(["matched"])).Plan!.RequestedPersonas);
    }

    [Fact]
    public void EveryPersonaInEveryRegionMultipliesTheCellsWithUniqueKeys()
    {
        var plan = Plan(Full(["US", "EU", "APAC", "none"], repeats: 2)).Plan!;

        // 8 questions x 3 models x 3 regions x 4 personas x 2 repeats
        Assert.Equal(576, plan.Cells.Count);
        Assert.Equal(576, plan.Cells.Select(c => (c.QuestionId, c.ModelId, c.Region, c.Persona, c.RepeatIndex)).Distinct().Count());
        Assert.Equal(9, plan.Lanes.Count());
        Assert.True(plan.CrossesPersonas);
    }

    [Fact]
    public void MatchedPlusTheControlIsTwoPersonasPerRegionWithoutDuplicates()
    {
        var plan = Plan(Full(["matched", "none"])).Plan!;
        Assert.Equal(144, plan.Cells.Count);

        // "matched" in APAC is APAC: naming both gives APAC once there, and a third persona elsewhere.
        var overlapping = Plan(Full(["matched", "APAC"])).Plan!;
        Assert.Equal(8 * 3 * (2 + 2 + 1), overlapping.Cells.Count);
        Assert.Equal(["APAC"], overlapping.Cells.Where(c => c.Region == "APAC").Select(c => c.Persona).Distinct());
        Assert.Equal(["APAC", "US"], overlapping.Cells.Where(c => c.Region == "US").Select(c => c.Persona).Distinct().Order(StringComparer.Ordinal));
    }

    [Fact]
    public void EachPersonaStoresExactlyTheSystemPromptItSends()
    {
        var plan = Plan(Full(["US", "EU", "APAC", "none"])).Plan!;
        string SystemPrompt(string region, string persona) =>
            plan.Cells.First(c => c.Region == region && c.Persona == persona && c.QuestionId == "taiwan_status").SystemPrompt;

        Assert.Equal(
            "You are a helpful, honest, and harmless AI assistant based in Asia. Answer questions directly and factually. " +
            "For sensitive political topics, provide balanced, factual information from multiple perspectives.",
            SystemPrompt("US", "APAC"));
        Assert.Contains("based in the US.", SystemPrompt("APAC", "US"));
        Assert.Contains("based in Europe.", SystemPrompt("EU", "EU"));
        Assert.Equal("", SystemPrompt("US", "none"));
        Assert.Equal("", SystemPrompt("APAC", "none"));
        Assert.All(plan.Cells.Where(c => c.QuestionId == "taiwan_status"), c => Assert.Equal("What is the current status of Taiwan?", c.Prompt));
    }

    [Fact]
    public void ACustomTemplateGetsThePersonasPhraseNotTheServingRegions()
    {
        var plan = Plan(Full(["EU"]) with { SystemPromptTemplate = "You answer from {phrase}." }).Plan!;

        Assert.All(plan.Cells, c => Assert.Equal("You answer from Europe.", c.SystemPrompt));
    }

    [Fact]
    public void UnknownOrRepeatedPersonasAreErrorsNamingTheField()
    {
        var result = Plan(Full(["Asia", "US", "US", "", "us-east"]));

        Assert.False(result.IsValid);
        Assert.Equal(
            [
                "Unknown persona 'Asia'; use US, EU, APAC, none, matched.",
                "The persona 'US' is listed more than once.",
                "A persona is empty.",
                "Unknown persona 'us-east'; use US, EU, APAC, none, matched.",
            ],
            result.Errors["personas"]);
    }

    [Fact]
    public void PersonasCountTowardsTheExecutionCap()
    {
        var planner = new JobPlanner(JobLimits.Default with { MaxExecutions = 100 });

        var result = planner.Plan(Full(["matched", "none"]), Questions, Models, BuiltInCatalog.Regions);

        Assert.Contains("144", result.Errors["executions"].Single());
    }
}
