using Beacon.Core.Catalog;
using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using Microsoft.JSInterop;

namespace Beacon.Web.Components.Jobs;

public sealed partial class NewJobForm
{
    /// <summary>Above this many questions shown, categories start collapsed (a 1,400-question import stays quick to render).</summary>
    private const int OpenAllCategoriesUpTo = 60;

    /// <summary>
    /// Categories per page and questions per step within an open category: the list never puts more than a few dozen tab
    /// stops between the search field and the models, whatever the size of the catalogue.
    /// </summary>
    private const int GroupsPerPage = 10;
    private const int QuestionsPerStep = 50;

    private const string AllSets = "all";
    private const string BuiltInKey = "built-in";

    private readonly HashSet<string> _questions = new(StringComparer.Ordinal);
    private readonly HashSet<string> _models = new(BuiltInCatalog.Models.Select(m => m.Id), StringComparer.Ordinal);
    private readonly HashSet<string> _regions = new(BuiltInCatalog.Regions.Select(r => r.Code), StringComparer.Ordinal);
    private readonly HashSet<string> _personas = new([Personas.Matched], StringComparer.Ordinal);
    private readonly HashSet<string> _variantLanguages = new(StringComparer.OrdinalIgnoreCase);
    private List<string> _languages = [];
    private readonly HashSet<string> _toggledCategories = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _limits = new(StringComparer.Ordinal);
    private Dictionary<string, Question> _byId = [];
    private Dictionary<string, QuestionCatalogSet> _setOf = new(StringComparer.Ordinal);
    private List<QuestionCatalogSet> _sets = [];
    private IReadOnlyList<Question>? _indexed;
    private string _set = AllSets;
    private bool _selectedOnly;
    private string _search = "";
    private List<Question> _shown = [];
    private List<Category> _groups = [];
    private int _groupPage;
    private ElementReference _settingsHeading;
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

    /// <summary>The catalogue to pick from (what the user may use).</summary>
    [Parameter, EditorRequired] public IReadOnlyList<Question> Questions { get; set; } = [];

    /// <summary>The sets the questions come from (built-in and each visible imported set); none: one set of everything.</summary>
    [Parameter] public IReadOnlyList<QuestionCatalogSet>? Sets { get; set; }

    /// <summary>A set to open the form with: exactly its questions ticked and the list showing that set ("New job" on the Datasets page).</summary>
    [Parameter] public QuestionCatalogSet? InitialSet { get; set; }

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
        if (InitialSet is { } set)
        {
            _questions.UnionWith(set.QuestionIds);
            _set = Key(set);
        }
    }

    protected override void OnParametersSet()
    {
        if (!ReferenceEquals(_indexed, Questions))
        {
            _indexed = Questions;
            _byId = Questions.GroupBy(q => q.Id, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
            _sets = Sets is { Count: > 0 } sets
                ? sets.Where(s => s.QuestionIds.Count > 0).ToList()
                : [new QuestionCatalogSet(null, QuestionCatalogSet.BuiltInName, true, false, Questions.Select(q => q.Id).ToList())];
            _setOf = new Dictionary<string, QuestionCatalogSet>(StringComparer.Ordinal);
            foreach (var set in _sets)
            {
                foreach (var id in set.QuestionIds)
                {
                    _setOf.TryAdd(id, set);
                }
            }
            _questions.IntersectWith(_byId.Keys);
            _languages = Questions.Select(q => q.Language).Distinct(StringComparer.OrdinalIgnoreCase).Order(StringComparer.Ordinal).ToList();
            if (_set != AllSets && _sets.All(s => Key(s) != _set))
            {
                _set = AllSets;
            }
            Refilter();
        }
        Revalidate();
    }

    private int SetCount => _sets.Count;

    private int SelectedSets => _sets.Count(s => s.QuestionIds.Any(_questions.Contains));

    /// <summary>With every set shown, each question says which set it is from.</summary>
    private bool ShowSetNames => SetCount > 1 && _set == AllSets;

    private static string Key(QuestionCatalogSet set) => set.Id?.ToString() ?? BuiltInKey;

    private string SetName(string questionId) => _setOf.TryGetValue(questionId, out var set) ? set.Name : "";

    private string SetLabel(QuestionCatalogSet set)
    {
        var selected = set.QuestionIds.Count(_questions.Contains);
        var access = set.Id is null ? "" : set.SharedWithEveryone ? (set.Mine ? " · yours, shared" : " · shared") : (set.Mine ? " · yours, private" : " · private");
        return $"{set.Name} ({Formats.Count(set.QuestionIds.Count)}{(selected > 0 ? $", {Formats.Count(selected)} selected" : "")}){access}";
    }

    /// <summary>
    /// The questions the list shows (set, "selected only", search) and their categories, names as written (case kept),
    /// ordered case-insensitively. Recomputed when one of those or the catalogue changes, not on every tick.
    /// </summary>
    private void Refilter()
    {
        IEnumerable<Question> shown = Questions;
        if (_set != AllSets)
        {
            shown = shown.Where(q => _setOf.TryGetValue(q.Id, out var set) && Key(set) == _set);
        }
        if (_selectedOnly)
        {
            shown = shown.Where(q => _questions.Contains(q.Id));
        }
        var terms = _search.Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (terms.Length > 0)
        {
            shown = shown.Where(q => terms.All(t => q.Text.Contains(t, StringComparison.OrdinalIgnoreCase)
                || q.Id.Contains(t, StringComparison.OrdinalIgnoreCase)
                || q.Category.Contains(t, StringComparison.OrdinalIgnoreCase)));
        }
        _shown = shown.ToList();
        _groups = _shown.GroupBy(q => string.IsNullOrWhiteSpace(q.Category) ? "uncategorised" : q.Category, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.OrdinalIgnoreCase).ThenBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new Category(g.Key, g.ToList()))
            .ToList();
        _groupPage = Math.Clamp(_groupPage, 0, Math.Max(0, GroupPages - 1));
    }

    private int GroupPages => (_groups.Count + GroupsPerPage - 1) / GroupsPerPage;

    private IEnumerable<Category> PageOfGroups() => _groups.Skip(_groupPage * GroupsPerPage).Take(GroupsPerPage);

    private string ShownDescription()
    {
        var where = _set == AllSets ? (SetCount > 1 ? "all sets" : "the catalogue") : _sets.First(s => Key(s) == _set).Name;
        var what = _selectedOnly ? "selected question" : "question";
        var plural = _shown.Count == 1 ? "" : "s";
        var matching = _search.Trim().Length > 0 ? $" matching “{_search.Trim()}”" : "";
        return $"{Formats.Count(_shown.Count)} {what}{plural}{matching} in {where}, {Formats.Count(_groups.Count)} categor{(_groups.Count == 1 ? "y" : "ies")}";
    }

    private string NothingShown() =>
        _search.Trim().Length > 0 ? $"No question matches “{_search.Trim()}” here."
        : _selectedOnly ? "No question of this set is selected yet."
        : "This set has no questions.";

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

    /// <summary>A short list opens every category (a search's or "selected only" too, when short); a long one opens on demand.</summary>
    private bool IsOpen(string category) => (_shown.Count <= OpenAllCategoriesUpTo) ^ _toggledCategories.Contains(category);

    private int Limit(string category) => _limits.GetValueOrDefault(category, QuestionsPerStep);

    private void ShowMore(string category) => _limits[category] = Limit(category) + QuestionsPerStep;

    private void ToggleCategory(string category)
    {
        if (!_toggledCategories.Remove(category))
        {
            _toggledCategories.Add(category);
        }
    }

    /// <summary>A new view starts at its first page with its default open categories.</summary>
    private void ChangeView(Action change)
    {
        change();
        _groupPage = 0;
        _toggledCategories.Clear();
        _limits.Clear();
        Refilter();
    }

    private void OnSearchChanged(string? value) => ChangeView(() => _search = value ?? "");

    private void OnSetChanged(string? value) => ChangeView(() => _set = value ?? AllSets);

    private void OnSelectedOnlyChanged(bool value) => ChangeView(() => _selectedOnly = value);

    private async Task SkipToSettingsAsync()
    {
        try
        {
            await _settingsHeading.FocusAsync();
        }
        catch (JSException)
        {
            // The circuit's browser went away; nothing to focus.
        }
    }

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

    /// <summary>
    /// A change of selection or settings. The list is not filtered again: in the "selected only" view an unticked question
    /// stays in place (to be ticked again) until the view changes, rather than vanishing from under the pointer.
    /// </summary>
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
