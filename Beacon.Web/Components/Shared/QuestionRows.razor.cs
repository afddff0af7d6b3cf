using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Services;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Beacon.Web.Components.Shared;

public sealed partial class QuestionRows
{
    private readonly HashSet<string> _expandedQuestions = new(StringComparer.Ordinal);
    private readonly HashSet<(string Question, string Model)> _collapsedModels = [];
    private readonly HashSet<long> _expandedCells = [];
    private readonly Dictionary<long, Execution> _details = [];
    private readonly Dictionary<long, ExecutionRow> _detailsLoadedFor = [];
    private readonly Dictionary<long, string> _loadErrors = [];
    private readonly CancellationTokenSource _disposed = new();

    private IReadOnlyList<ExecutionRow>? _groupedRows;
    private IReadOnlyList<JobQuestion>? _groupedQuestions;
    private List<QuestionGroup> _groups = [];
    private List<QuestionGroup> _visible = [];
    private Dictionary<long, ExecutionRow> _byId = [];
    private bool _showRepeats;
    private string _search = "";
    private RowFilter _filter = RowFilter.All;
    private int _page = 1;

    public enum RowFilter
    {
        All,
        Unfinished,
        Failed,
        Refusals,
    }

    /// <summary>The job's questions as snapshotted at submission, in their order.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<JobQuestion> Questions { get; set; } = [];

    /// <summary>Every execution of the job (without answer texts). Pass a new list when rows change.</summary>
    [Parameter, EditorRequired] public IReadOnlyList<ExecutionRow> Rows { get; set; } = [];

    /// <summary>Fetches one execution in full when its row is opened.</summary>
    [Parameter] public Func<long, CancellationToken, Task<Execution?>>? LoadExecution { get; set; }

    [Parameter] public EventCallback<ExecutionRow> OnRetryCell { get; set; }

    /// <summary>Whether failed cells offer a retry (not for a cancelled job).</summary>
    [Parameter] public bool AllowRetry { get; set; } = true;

    /// <summary>A model's cells beyond this many (many repeats) are virtualised: only the rows on screen are rendered.</summary>
    [Parameter] public int VirtualizeAbove { get; set; } = 60;

    /// <summary>Questions per page: long question sets are paged so a 10,000-execution job stays responsive.</summary>
    [Parameter] public int PageSize { get; set; } = 25;

    private int PageCount => Math.Max(1, (int)Math.Ceiling(_visible.Count / (double)Math.Max(1, PageSize)));

    private IEnumerable<QuestionGroup> PageOfQuestions => _visible.Skip((Math.Clamp(_page, 1, PageCount) - 1) * PageSize).Take(PageSize);

    protected override async Task OnParametersSetAsync()
    {
        if (!ReferenceEquals(_groupedRows, Rows) || !ReferenceEquals(_groupedQuestions, Questions))
        {
            Regroup();
        }
        // An open row whose execution changed (it finished, or was retried) shows its new answer.
        var stale = _expandedCells.Where(id => _byId.TryGetValue(id, out var row) && _detailsLoadedFor.TryGetValue(id, out var loaded) && loaded != row)
            .Select(id => _byId[id]).ToList();
        foreach (var row in stale)
        {
            await LoadDetailAsync(row);
        }
    }

    private void Regroup()
    {
        _groupedRows = Rows;
        _groupedQuestions = Questions;
        _byId = Rows.ToDictionary(r => r.Id);
        _showRepeats = Rows.Any(r => r.RepeatIndex > 0);

        // Questions keep the job's order; models and regions the order their cells were planned in (rows come by id).
        var byQuestion = Rows.GroupBy(r => r.QuestionId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var questions = Questions.ToList();
        foreach (var extra in byQuestion.Keys.Where(id => questions.All(q => q.Id != id)).ToList())
        {
            questions.Add(new JobQuestion { Id = extra, Text = extra });
        }
        _groups = questions.Select(q =>
        {
            var cells = byQuestion.GetValueOrDefault(q.Id) ?? [];
            var models = cells.GroupBy(c => c.ModelId, StringComparer.Ordinal)
                .Select(g => new ModelGroup(g.Key, g.ToList(), CountsOf(g)))
                .ToList();
            return new QuestionGroup(q, models, CountsOf(cells), cells.Count(c => c.Classification == nameof(Core.Analysis.ResponseClass.Refusal)));
        }).ToList();
        ApplyFilter();
    }

    private void ApplyFilter()
    {
        var search = _search.Trim();
        _visible = _groups.Where(g =>
            (search.Length == 0
                || g.Question.Id.Contains(search, StringComparison.OrdinalIgnoreCase)
                || g.Question.Text.Contains(search, StringComparison.OrdinalIgnoreCase)
                || g.Question.Category.Contains(search, StringComparison.OrdinalIgnoreCase))
            && _filter switch
            {
                RowFilter.Unfinished => !g.Counts.AllTerminal,
                RowFilter.Failed => g.Counts.Failed > 0,
                RowFilter.Refusals => g.Refusals > 0,
                _ => true,
            }).ToList();
        _page = Math.Clamp(_page, 1, PageCount);
    }

    private void OnSearchChanged(string? value)
    {
        _search = value ?? "";
        _page = 1;
        ApplyFilter();
    }

    private void OnFilterChanged(RowFilter value)
    {
        _filter = value;
        _page = 1;
        ApplyFilter();
    }

    private void ToggleQuestion(string id)
    {
        if (!_expandedQuestions.Remove(id))
        {
            _expandedQuestions.Add(id);
        }
    }

    private void ToggleModel((string Question, string Model) key)
    {
        if (!_collapsedModels.Remove(key))
        {
            _collapsedModels.Add(key);
        }
    }

    private async Task ToggleCellAsync(ExecutionRow row)
    {
        if (_expandedCells.Remove(row.Id))
        {
            return;
        }
        _expandedCells.Add(row.Id);
        if (!_details.ContainsKey(row.Id) || _detailsLoadedFor.GetValueOrDefault(row.Id) != row)
        {
            await LoadDetailAsync(row);
        }
    }

    private async Task LoadDetailAsync(ExecutionRow row)
    {
        if (LoadExecution is null)
        {
            return;
        }
        _detailsLoadedFor[row.Id] = row;
        try
        {
            var execution = await LoadExecution(row.Id, _disposed.Token);
            _loadErrors.Remove(row.Id);
            if (execution is null)
            {
                _details.Remove(row.Id);
                _loadErrors[row.Id] = "it no longer exists.";
            }
            else
            {
                _details[row.Id] = execution;
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            _loadErrors[row.Id] = ex.Message;
        }
    }

    private static void OnKey(KeyboardEventArgs e, Action toggle)
    {
        if (e.Key is "Enter" or " ")
        {
            toggle();
        }
    }

    private static StatusCounts CountsOf(IEnumerable<ExecutionRow> rows) =>
        StatusCounts.From(rows.GroupBy(r => r.Status).Select(g => (g.Key, g.Count())));

    /// <summary>One word for a group of cells: what a researcher scanning the list needs first.</summary>
    internal static (string Label, Color Color) Summary(StatusCounts c) => c switch
    {
        { Total: 0 } => ("empty", Color.Default),
        { Running: > 0 } => ("running", Color.Info),
        _ when c.Pending == c.Total => ("pending", Color.Default),
        { Pending: > 0 } => ("in progress", Color.Info),
        { Failed: > 0 } => ("failed", Color.Error),
        { Cancelled: > 0 } => ("cancelled", Color.Warning),
        _ => ("succeeded", Color.Success),
    };

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private sealed record QuestionGroup(JobQuestion Question, IReadOnlyList<ModelGroup> Models, StatusCounts Counts, int Refusals);

    private sealed record ModelGroup(string Model, List<ExecutionRow> Cells, StatusCounts Counts);
}
