using Beacon.Core.Catalog;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Microsoft.AspNetCore.Components;

namespace Beacon.Web.Components.Jobs;

public sealed partial class NewJobForm
{
    /// <summary>Above this many questions categories start collapsed (a 1,400-question import stays quick to render).</summary>
    private const int OpenAllCategoriesUpTo = 60;

    private readonly HashSet<string> _questions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _models = new(BuiltInCatalog.Models.Select(m => m.Id), StringComparer.Ordinal);
    private readonly HashSet<string> _regions = new(BuiltInCatalog.Regions.Select(r => r.Code), StringComparer.Ordinal);
    private readonly HashSet<string> _personas = new([Personas.Matched], StringComparer.Ordinal);
    private readonly HashSet<string> _variantLanguages = new(StringComparer.OrdinalIgnoreCase);
    private List<string> _languages = [];
    private readonly HashSet<string> _toggledCategories = new(StringComparer.Ordinal);
    private List<Category> _categories = [];
    private Dictionary<string, Question> _byId = [];
    private IReadOnlyList<Question>? _indexed;
    private string _search = "";
    private int _repeats = 1;
    private double _temperature = GenerationParameters.Default.Temperature;
    private int _maxTokens = GenerationParameters.Default.MaxTokens;
    private int? _seed;
    private bool _judge;
    private string _name = "";
    private JobPlanResult? _result;
    private List<string> _reasons = [];
    private int _executions;
    private CostEstimate _estimate = CostEstimate.Empty;
    private bool _busy;

    /// <summary>The catalogue to pick from.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<Question> Questions { get; set; } = [];

    /// <summary>The limits the server applies (JobService.Limits).</summary>
    [Parameter, EditorRequired] public JobLimits Limits { get; set; } = JobLimits.Default;

    /// <summary>Prices a valid plan (CostService.Estimate: the configured rates and concurrency, as the API's estimate).</summary>
    [Parameter] public Func<JobPlan, CostEstimate>? Estimate { get; set; }

    /// <summary>Set by the page while its submission is in flight: the button stays disabled.</summary>
    [Parameter] public bool Submitting { get; set; }

    /// <summary>Errors the server returned for the last submission.</summary>
    [Parameter] public IReadOnlyDictionary<string, string[]>? ServerErrors { get; set; }

    [Parameter] public EventCallback<JobRequest> OnSubmit { get; set; }

    /// <summary>The configured LLM judge's model, or null when there is none (then the choice is not offered).</summary>
    [Parameter] public string? JudgeModel { get; set; }

    /// <summary>Questions ticked when the form opens (e.g. from a link).</summary>
    [Parameter] public IReadOnlyCollection<string>? InitialQuestionIds { get; set; }

    private bool CanSubmit => _result?.IsValid == true && !Submitting && !_busy;

    protected override void OnInitialized()
    {
        foreach (var id in InitialQuestionIds ?? [])
        {
            _questions.Add(id);
        }
    }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_indexed, Questions))
        {
            _indexed = Questions;
            _byId = Questions.GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            _categories = Questions.GroupBy(q => string.IsNullOrWhiteSpace(q.Category) ? "uncategorised" : q.Category, StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase)
                .Select(g => new Category(g.Key, g.ToList()))
                .ToList();
            _questions.IntersectWith(_byId.Keys);
            _languages = Questions.Select(q => q.Language).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
        }
        Revalidate();
    }

    private JobRequest BuildRequest() => new()
    {
        Name = string.IsNullOrWhiteSpace(_name) ? null : _name.Trim(),
        // In catalogue order, so the job's rows read like the catalogue.
        QuestionIds = Questions.Where(q => _questions.Contains(q.Id)).Select(q => q.Id).Distinct().ToList(),
        Models = BuiltInCatalog.Models.Where(m => _models.Contains(m.Id)).Select(m => m.Id).ToList(),
        Regions = BuiltInCatalog.Regions.Where(r => _regions.Contains(r.Code)).Select(r => r.Code).ToList(),
        Repeats = _repeats,
        Temperature = _temperature,
        MaxTokens = _maxTokens,
        Seed = _seed,
        Judge = _judge && JudgeModel is not null ? true : null,
        // Matched alone is the default and is sent as no list, so the request reads like any ordinary job.
        Personas = PersonasCrossed ? Personas.Choices.Where(_personas.Contains).ToList() : null,
        Languages = _variantLanguages.Count > 0 ? _languages.Where(_variantLanguages.Contains).ToList() : null,
    };

    private bool PersonasCrossed => !_personas.SetEquals([Personas.Matched]);

    private void Revalidate()
    {
        var request = BuildRequest();
        _result = new JobPlanner(Limits).Plan(request, _byId, BuiltInCatalog.Models.Select(m => m.Id).ToList(), BuiltInCatalog.Regions);
        _reasons = _result.Errors.SelectMany(e => e.Value).ToList();
        if (_personas.Count == 0)
        {
            // The planner reads no personas as "matched"; unticking every persona here means the researcher wants none.
            _result = new JobPlanResult(null, _result.Errors.Append(new("personas", ["Choose at least one persona."])).ToDictionary());
            _reasons.Add("Choose at least one persona.");
        }
        var personaCells = _personas.Count == 0 ? 0 : _regions.Sum(r => Personas.ForRegion(Personas.Choices.Where(_personas.Contains).ToList(), r).Count);
        // With variants the plan knows how many questions it runs; an invalid plan counts what is ticked.
        var questionCount = _result.Plan?.Questions.Count ?? _questions.Count;
        _executions = (int)Math.Min(int.MaxValue, (long)questionCount * _models.Count * personaCells * Math.Max(0, _repeats));
        _estimate = _result.Plan is { } plan && Estimate is not null ? Estimate(plan) : CostEstimate.Empty;
    }

    private async Task SubmitAsync()
    {
        if (!CanSubmit)
        {
            return;
        }
        _busy = true;
        try
        {
            await OnSubmit.InvokeAsync(BuildRequest());
        }
        finally
        {
            _busy = false;
        }
    }

    private List<Question> Visible(List<Question> questions)
    {
        var search = _search.Trim();
        return search.Length == 0
            ? questions
            : questions.Where(q => q.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
                || q.Text.Contains(search, StringComparison.OrdinalIgnoreCase)
                || q.Category.Contains(search, StringComparison.OrdinalIgnoreCase)).ToList();
    }

    /// <summary>Small catalogues open every category; large ones open on demand, and a search opens what matches.</summary>
    private bool IsOpen(string category) =>
        _search.Trim().Length > 0 || ((Questions.Count <= OpenAllCategoriesUpTo) ^ _toggledCategories.Contains(category));

    private void ToggleCategory(string category)
    {
        if (!_toggledCategories.Remove(category))
        {
            _toggledCategories.Add(category);
        }
    }

    private void OnSearchChanged(string? value) => _search = value ?? "";

    private void SetQuestion(string id, bool selected) => Set(() => _ = selected ? _questions.Add(id) : _questions.Remove(id));

    private void SetModel(string id, bool selected) => Set(() => _ = selected ? _models.Add(id) : _models.Remove(id));

    private void SetRegion(string code, bool selected) => Set(() => _ = selected ? _regions.Add(code) : _regions.Remove(code));

    private void SetLanguage(string language, bool selected) => Set(() => _ = selected ? _variantLanguages.Add(language) : _variantLanguages.Remove(language));

    private void SetPersona(string persona, bool selected) => Set(() => _ = selected ? _personas.Add(persona) : _personas.Remove(persona));

    private static string PersonaLabel(string persona) => persona switch
    {
        Personas.Matched => "Matched",
        Personas.None => "No system prompt",
        _ => $"{persona} persona",
    };

    private static string PersonaHint(string persona) => persona switch
    {
        Personas.Matched => "each region answers as itself (the default)",
        Personas.None => "a control: no system prompt is sent",
        _ => $"every region answers “based in {BuiltInCatalog.FindRegion(persona)!.PromptPhrase}”",
    };

    private void SelectAll(List<Question> questions) => Set(() => _questions.UnionWith(questions.Select(q => q.Id)));

    private void Clear(List<Question> questions) => Set(() => _questions.ExceptWith(questions.Select(q => q.Id)));

    private void Set(Action change)
    {
        change();
        Revalidate();
    }

    /// <summary>"15 s" when every lane assumes the same, "15–20 s" otherwise.</summary>
    private static string Range(IEnumerable<double> values, Func<double, string> format)
    {
        var list = values.ToList();
        if (list.Count == 0)
        {
            return "–";
        }
        var (low, high) = (list.Min(), list.Max());
        return low == high ? format(low) : $"{format(low)}–{format(high)}";
    }

    private sealed record Category(string Name, List<Question> Questions);
}
