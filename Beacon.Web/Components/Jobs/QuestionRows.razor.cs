using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Web;
using MudBlazor;

namespace Beacon.Web.Components.Jobs;

public sealed partial class QuestionRows
{
    private readonly HashSet<string> _expandedQuestions = new(StringComparer.Ordinal);
    private readonly HashSet<(string Question, string Model)> _collapsedModels = [];
    private readonly HashSet<long> _expandedCells = [];
    private readonly Dictionary<(string Question, string Model), int> _cellPages = [];
    private readonly Dictionary<long, Execution> _details = [];
    private readonly Dictionary<long, ExecutionRow> _detailsLoadedFor = [];
    private readonly Dictionary<long, string> _loadErrors = [];
    private readonly CancellationTokenSource _disposed = new();

    private JobRowSet? _shownSet;
    private long _shownVersion = -1;
    private List<QuestionRowGroup> _visible = [];
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

    /// <summary>Every execution of the job (without answer texts), grouped by question and model; changed in place as rows change.</summary>
    [Parameter, EditorRequired] public JobRowSet Rows { get; set; } = JobRowSet.Empty;

    /// <summary>Fetches one execution in full when its row is opened.</summary>
    [Parameter] public Func<long, CancellationToken, Task<Execution?>>? LoadExecution { get; set; }

    [Parameter] public EventCallback<ExecutionRow> OnRetryCell { get; set; }

    /// <summary>Whether failed cells offer a retry (not for a cancelled job).</summary>
    [Parameter] public bool AllowRetry { get; set; } = true;

    /// <summary>
    /// A model's cells per page (many repeats): only one page of rows exists, however long the job. 25 kept a live
    /// 10,000-execution page quickest (docs/benchmarks.md, scenario 3: 25 beat 50 rows per page and a virtualised list).
    /// </summary>
    [Parameter] public int CellPageSize { get; set; } = 25;

    /// <summary>Questions per page: long question sets are paged so a 10,000-execution job stays responsive.</summary>
    [Parameter] public int PageSize { get; set; } = 25;

    private int PageCount => Math.Max(1, (int)Math.Ceiling(_visible.Count / (double)Math.Max(1, PageSize)));

    private IEnumerable<QuestionRowGroup> PageOfQuestions => _visible.Skip((Math.Clamp(_page, 1, PageCount) - 1) * PageSize).Take(PageSize);

    protected override async Task OnParametersSetAsync()
    {
        if (!ReferenceEquals(_shownSet, Rows) || _shownVersion != Rows.Version)
        {
            // Counts changed: which questions the filter shows may have too.
            _shownSet = Rows;
            _shownVersion = Rows.Version;
            ApplyFilter();
        }
        // An open row whose execution changed (it finished, or was retried) shows its new answer.
        var stale = _expandedCells.Select(Rows.Find)
            .Where(row => row is not null && _detailsLoadedFor.TryGetValue(row.Id, out var loaded) && loaded != row)
            .Select(row => row!).ToList();
        foreach (var row in stale)
        {
            await LoadDetailAsync(row);
        }
    }

    private void ApplyFilter()
    {
        var search = _search.Trim();
        _visible = Rows.Groups.Where(g =>
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

}
