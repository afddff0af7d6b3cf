using Beacon.Core.Analysis;
using Beacon.Core.Analysis.Statistics;
using Beacon.Core.Questions;

namespace Beacon.Core.Tests.Analysis.Statistics;

/// <summary>Builds a job's statistics from a compact description: which (question, model, region, repeat) got which class.</summary>
internal sealed class StatisticsScenario
{
    private readonly List<Question> _questions = [];
    private readonly List<ExecutionObservation> _executions = [];
    private long _nextId = 1;

    public StatisticsScenario(IReadOnlyList<string> models, IReadOnlyList<string> regions, int repeats = 1)
    {
        Models = models;
        Regions = regions;
        Repeats = repeats;
    }

    public IReadOnlyList<string> Models { get; }
    public IReadOnlyList<string> Regions { get; }
    public int Repeats { get; }
    public IReadOnlyList<Question> Questions => _questions;

    public StatisticsScenario Question(string id, string category, string? text = null)
    {
        _questions.Add(new Question(id, category, text ?? $"Question {id}?"));
        return this;
    }

    public StatisticsScenario Answer(string question, string model, string region, ResponseClass? @class, string? response = null,
        int repeat = 0, bool overridden = false, string version = ResponseClassifier.Version)
    {
        response ??= @class switch
        {
            ResponseClass.Refusal => "I'm sorry, but I cannot answer that.",
            ResponseClass.Substantive => $"A factual answer to {question} from {model} in {region}.",
            ResponseClass.Partial => "This is a complex and sensitive topic.",
            _ => null,
        };
        _executions.Add(new ExecutionObservation(_nextId++, question, model, region, repeat, @class, overridden, response, @class is null ? null : version));
        return this;
    }

    /// <summary>Every repeat of every cell of <paramref name="question"/> gets <paramref name="class"/> unless set otherwise later.</summary>
    public StatisticsScenario All(string question, ResponseClass @class)
    {
        foreach (var model in Models)
        {
            foreach (var region in Regions)
            {
                for (var r = 0; r < Repeats; r++)
                {
                    Answer(question, model, region, @class, repeat: r);
                }
            }
        }
        return this;
    }

    public JobStatistics Build(bool finished = true)
    {
        var builder = new JobStatisticsBuilder(_questions, Models, Regions, Repeats);
        foreach (var execution in _executions)
        {
            builder.Add(execution);
        }
        return builder.Build(finished);
    }
}
