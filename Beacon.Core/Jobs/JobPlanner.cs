using Beacon.Core.Catalog;
using Beacon.Core.Questions;
using Beacon.Core.Validation;

namespace Beacon.Core.Jobs;

/// <summary>Validates a submission and expands it into cells. Unknown input is an error, never a default.</summary>
public sealed class JobPlanner(JobLimits limits)
{
    public JobPlanResult Plan(
        JobRequest request,
        IReadOnlyDictionary<string, Question> questions,
        IReadOnlyCollection<string> models,
        IReadOnlyCollection<RegionDefinition> regions)
    {
        var errors = new Dictionary<string, List<string>>();
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }

        var questionIds = CheckIds(request.QuestionIds, "questionIds", "question", id => questions.ContainsKey(id), Add);
        questionIds = AddVariants(questionIds, request.Languages, questions, Add);
        var modelIds = CheckIds(request.Models, "models", "model", models.Contains, Add);
        var regionCodes = CheckIds(request.Regions, "regions", "region", code => regions.Any(r => r.Code == code), Add);

        var personas = CheckPersonas(request.Personas, Add);

        var repeats = request.Repeats ?? 1;
        if (repeats < 1 || repeats > limits.MaxRepeats)
        {
            Add("repeats", $"Repeats must be between 1 and {limits.MaxRepeats}; got {repeats}.");
        }

        var temperature = request.Temperature ?? GenerationParameters.Default.Temperature;
        if (double.IsNaN(temperature) || temperature < limits.MinTemperature || temperature > limits.MaxTemperature)
        {
            Add("temperature", $"Temperature must be between {limits.MinTemperature} and {limits.MaxTemperature}; got {temperature}.");
        }

        var maxTokens = request.MaxTokens ?? GenerationParameters.Default.MaxTokens;
        if (maxTokens < limits.MinMaxTokens || maxTokens > limits.MaxMaxTokens)
        {
            Add("maxTokens", $"Max tokens must be between {limits.MinMaxTokens} and {limits.MaxMaxTokens}; got {maxTokens}.");
        }

        var name = string.IsNullOrWhiteSpace(request.Name) ? null : request.Name.Trim();
        if (name is { Length: var length } && length > limits.MaxNameLength)
        {
            Add("name", $"Name must be at most {limits.MaxNameLength} characters.");
        }
        if (TextInput.Problem(name) is { } nameProblem)
        {
            Add("name", $"Name {nameProblem}.");
        }

        var template = string.IsNullOrWhiteSpace(request.SystemPromptTemplate)
            ? BuiltInCatalog.SystemPromptTemplate
            : request.SystemPromptTemplate;
        if (template.Length > limits.MaxSystemPromptLength)
        {
            Add("systemPromptTemplate", $"System prompt template must be at most {limits.MaxSystemPromptLength} characters.");
        }
        if (TextInput.Problem(request.SystemPromptTemplate) is { } templateProblem)
        {
            Add("systemPromptTemplate", $"System prompt template {templateProblem}.");
        }

        var personaCells = regionCodes.Sum(code => Personas.ForRegion(personas, code).Count);
        var cellCount = (long)questionIds.Count * modelIds.Count * personaCells * Math.Max(repeats, 1);
        if (cellCount > limits.MaxExecutions)
        {
            Add("executions", $"This job would run {cellCount:N0} executions; the limit is {limits.MaxExecutions:N0}. Choose fewer questions, models, regions, personas or repeats.");
        }

        if (errors.Count > 0)
        {
            return new JobPlanResult(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }

        var chosenQuestions = questionIds.Select(id => questions[id]).ToList();
        var cells = new List<PlannedCell>((int)cellCount);
        foreach (var question in chosenQuestions)
        {
            foreach (var model in modelIds)
            {
                foreach (var code in regionCodes)
                {
                    foreach (var persona in Personas.ForRegion(personas, code))
                    {
                        var systemPrompt = Personas.SystemPrompt(template, persona);
                        for (var repeat = 0; repeat < repeats; repeat++)
                        {
                            cells.Add(new PlannedCell(question.Id, model, code, persona, repeat, question.Text, systemPrompt));
                        }
                    }
                }
            }
        }

        var plan = new JobPlan(
            name ?? DefaultName(chosenQuestions.Count, modelIds.Count, regionCodes.Count, repeats),
            chosenQuestions,
            modelIds,
            regionCodes,
            repeats,
            new GenerationParameters(temperature, maxTokens, request.Seed),
            template,
            cells,
            personas);
        return new JobPlanResult(plan, new Dictionary<string, string[]>());
    }

    /// <summary>
    /// The "languages" shortcut: after each chosen question, its variants (same group) in the listed languages, in the
    /// listed order, each once. A language no chosen question has a variant in is an error, never silently nothing.
    /// </summary>
    private static List<string> AddVariants(
        List<string> chosen, IReadOnlyList<string>? languages, IReadOnlyDictionary<string, Question> questions, Action<string, string> add)
    {
        if (languages is null || languages.Count == 0)
        {
            return chosen;
        }
        var wanted = new List<string>();
        foreach (var raw in languages)
        {
            var language = raw?.Trim() ?? "";
            if (language.Length == 0 || TextInput.Problem(language) is not null)
            {
                add("languages", "A language code is empty or not valid.");
            }
            else if (wanted.Contains(language, StringComparer.OrdinalIgnoreCase))
            {
                add("languages", $"The language '{language}' is listed more than once.");
            }
            else
            {
                wanted.Add(language);
            }
        }

        var byGroup = questions.Values.ToLookup(q => q.VariantGroup, StringComparer.Ordinal);
        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var found = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var id in chosen)
        {
            if (seen.Add(id))
            {
                result.Add(id);
            }
            var group = byGroup[questions[id].VariantGroup].ToList();
            found.UnionWith(group.Select(q => q.Language));
            foreach (var language in wanted)
            {
                foreach (var variant in group.Where(q => string.Equals(q.Language, language, StringComparison.OrdinalIgnoreCase)).OrderBy(q => q.Id, StringComparer.Ordinal))
                {
                    if (seen.Add(variant.Id))
                    {
                        result.Add(variant.Id);
                    }
                }
            }
        }
        foreach (var language in wanted.Where(l => !found.Contains(l)))
        {
            add("languages", $"No chosen question has a variant in '{language}'.");
        }
        return result;
    }

    private static List<string> CheckPersonas(IReadOnlyList<string>? personas, Action<string, string> add)
    {
        var result = new List<string>();
        if (personas is null)
        {
            return result;
        }
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in personas)
        {
            var persona = raw?.Trim() ?? "";
            if (persona.Length == 0)
            {
                add("personas", "A persona is empty.");
            }
            else if (TextInput.Problem(persona) is { } problem)
            {
                add("personas", $"A persona {problem}.");
            }
            else if (!seen.Add(persona))
            {
                add("personas", $"The persona '{persona}' is listed more than once.");
            }
            else if (!Personas.IsKnown(persona))
            {
                add("personas", $"Unknown persona '{persona}'; use {string.Join(", ", Personas.Choices)}.");
            }
            else
            {
                result.Add(persona);
            }
        }
        // Only "matched" is the same as naming no personas: kept empty so the job reads as an ordinary one.
        return result is [Personas.Matched] ? [] : result;
    }

    private static string DefaultName(int questions, int models, int regions, int repeats) =>
        $"{questions} question{(questions == 1 ? "" : "s")} x {models} model{(models == 1 ? "" : "s")} x {regions} region{(regions == 1 ? "" : "s")}"
        + (repeats > 1 ? $" x {repeats} repeats" : "");

    private static List<string> CheckIds(
        IReadOnlyList<string>? ids, string field, string noun, Func<string, bool> known, Action<string, string> add)
    {
        if (ids is null || ids.Count == 0)
        {
            add(field, $"Choose at least one {noun}.");
            return [];
        }

        var result = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var raw in ids)
        {
            var id = raw?.Trim() ?? "";
            if (id.Length == 0)
            {
                add(field, $"A {noun} id is empty.");
            }
            else if (TextInput.Problem(id) is { } problem)
            {
                add(field, $"A {noun} id {problem}.");
            }
            else if (!seen.Add(id))
            {
                add(field, $"The {noun} '{id}' is listed more than once.");
            }
            else if (!known(id))
            {
                add(field, $"Unknown {noun} '{id}'.");
            }
            else
            {
                result.Add(id);
            }
        }
        return result;
    }
}
