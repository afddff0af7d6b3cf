using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;

namespace Beacon.Web.Components.Jobs;

/// <summary>
/// A job's execution rows as its live page holds them: grouped question -> model (the tree <see cref="QuestionRows"/>
/// shows) with status counts per group, and the job's status counts, retryable cells, remaining-time sums and cost.
/// Changed rows are applied in place and every figure is adjusted by the difference between the old and the new row,
/// so an update costs time proportional to the rows that changed, not to the job (10,000 rows and more).
/// Not thread-safe: the page builds it, then reads and changes it only on its renderer's context.
/// </summary>
public sealed class JobRowSet
{
    private readonly List<ExecutionRow> _rows = [];
    private readonly Dictionary<long, Place> _places = [];
    private readonly List<QuestionRowGroup> _groups = [];
    private readonly Dictionary<string, QuestionRowGroup> _groupsById = new(StringComparer.Ordinal);
    private readonly RemainingTimeTally _timing = new();
    private readonly CostTally _cost = new();
    private CostBreakdown? _costBreakdown;
    private int _repeats;

    /// <param name="questions">The job's questions in their order (rows of questions not listed form groups after them).</param>
    /// <param name="rows">Every execution row of the job, by id (the order cells were planned in).</param>
    public JobRowSet(IReadOnlyList<JobQuestion> questions, IEnumerable<ExecutionRow> rows)
    {
        ArgumentNullException.ThrowIfNull(questions);
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var question in questions)
        {
            if (!_groupsById.ContainsKey(question.Id))
            {
                var group = new QuestionRowGroup(question);
                _groups.Add(group);
                _groupsById[question.Id] = group;
            }
        }
        foreach (var row in rows)
        {
            Put(row);
        }
    }

    public static JobRowSet Empty { get; } = new([], []);

    /// <summary>Grows by one every time rows are applied: a component can tell that figures changed.</summary>
    public long Version { get; private set; }

    public int Count => _rows.Count;

    public IReadOnlyList<ExecutionRow> All => _rows;

    /// <summary>One group per question, in the job's order, each with its models in the order their cells were planned.</summary>
    public IReadOnlyList<QuestionRowGroup> Groups => _groups;

    public StatusCounts Counts { get; private set; } = StatusCounts.Empty;

    /// <summary>Failed cells that still have attempts left.</summary>
    public int Retryable { get; private set; }

    /// <summary>Whether any row is a repeat beyond the first (rows then show their repeat number).</summary>
    public bool HasRepeats => _repeats > 0;

    /// <summary>Recorded cost of the finished calls so far (see <see cref="CostBreakdown"/>).</summary>
    public CostBreakdown Cost => _costBreakdown ??= _cost.Breakdown();

    public TimeSpan? Remaining(Func<string, int> concurrencyOfRegion) => _timing.Estimate(concurrencyOfRegion);

    public ExecutionRow? Find(long id) => _places.TryGetValue(id, out var place) ? _rows[place.Index] : null;

    /// <summary>Replaces the rows with these ids by these versions (a row not yet in the set is added to its group).</summary>
    public void Apply(IEnumerable<ExecutionRow> changed)
    {
        ArgumentNullException.ThrowIfNull(changed);
        foreach (var row in changed)
        {
            Put(row);
        }
        Version++;
    }

    private void Put(ExecutionRow row)
    {
        if (_places.TryGetValue(row.Id, out var place))
        {
            var old = _rows[place.Index];
            if (old == row)
            {
                return;
            }
            Tally(old, place, -1);
            _rows[place.Index] = row;
            place.Model.Cells[place.CellIndex] = row;
            Tally(row, place, +1);
            return;
        }

        if (!_groupsById.TryGetValue(row.QuestionId, out var question))
        {
            question = new QuestionRowGroup(new JobQuestion { Id = row.QuestionId, Text = row.QuestionId });
            _groups.Add(question);
            _groupsById[row.QuestionId] = question;
        }
        var model = question.Model(row.ModelId);
        place = new Place(_rows.Count, question, model, model.Cells.Count);
        _rows.Add(row);
        model.Cells.Add(row);
        _places[row.Id] = place;
        Tally(row, place, +1);
    }

    /// <summary>Adds (+1) or takes away (-1) one row's part in every figure.</summary>
    private void Tally(ExecutionRow row, Place place, int sign)
    {
        Counts = Counts.Plus(row.Status, sign);
        place.Question.Counts = place.Question.Counts.Plus(row.Status, sign);
        place.Model.Counts = place.Model.Counts.Plus(row.Status, sign);
        if (row.Classification == nameof(Core.Analysis.ResponseClass.Refusal))
        {
            place.Question.Refusals += sign;
        }
        if (JobStateRules.CanRetryCell(row.Status, row.AttemptCount))
        {
            Retryable += sign;
        }
        if (row.RepeatIndex > 0)
        {
            _repeats += sign;
        }

        var timing = Timing(row);
        if (sign > 0)
        {
            _timing.Add(timing);
        }
        else
        {
            _timing.Remove(timing);
        }

        if (row.BilledSeconds is { } billed)
        {
            if (sign > 0)
            {
                _cost.Add(row.ModelId, row.Region, row.Emulated, billed, row.CostUsd ?? 0m);
            }
            else
            {
                _cost.Remove(row.ModelId, row.Region, row.Emulated, billed, row.CostUsd ?? 0m);
            }
            _costBreakdown = null;
        }
    }

    /// <summary>A finished cell's wall-clock duration (what the remaining work will take), else its reported inference time.</summary>
    private static CellTiming Timing(ExecutionRow r) => new(
        r.Region,
        JobStateRules.IsTerminal(r.Status),
        r.Status == ExecutionStatus.Cancelled ? null
            : r is { StartedAt: { } started, CompletedAt: { } completed } ? (completed - started).TotalSeconds
            : r.InferenceSeconds);

    private sealed record Place(int Index, QuestionRowGroup Question, ModelRowGroup Model, int CellIndex);
}
