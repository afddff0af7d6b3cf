using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;

namespace Beacon.Web.Components.Jobs;

/// <summary>One question's executions in a <see cref="JobRowSet"/>: per model, with the question's counts kept current.</summary>
public sealed class QuestionRowGroup(JobQuestion question)
{
    private readonly List<ModelRowGroup> _models = [];

    public JobQuestion Question { get; } = question;

    /// <summary>Models in the order their first cell was planned.</summary>
    public IReadOnlyList<ModelRowGroup> Models => _models;

    public StatusCounts Counts { get; internal set; } = StatusCounts.Empty;

    /// <summary>Executions of this question whose class (as classified or overridden) is refusal.</summary>
    public int Refusals { get; internal set; }

    internal ModelRowGroup Model(string model)
    {
        foreach (var m in _models)
        {
            if (m.Model == model)
            {
                return m;
            }
        }
        var added = new ModelRowGroup(model);
        _models.Add(added);
        return added;
    }
}
