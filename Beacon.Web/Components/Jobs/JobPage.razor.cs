using Beacon.Core.Costs;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Shared;
using Beacon.Web.Security;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;

namespace Beacon.Web.Components.Jobs;

/// <summary>
/// One job, live, with its results matrix as the main view (decision 0017). It never holds the job's rows: the header's
/// figures come from one aggregate (<see cref="JobTotals"/>) adjusted by the rows live notifications carry, and the
/// matrix is one page of questions read by <see cref="JobMatrixQuery"/>, read again (at most once per coalescing
/// window) when a carried row belongs to it. Changes announced by id only (cancel, retry, classes) read the totals
/// again; a status or lane change reloads the job and its lanes; a resync reloads everything. It never polls.
/// The filter and page live in the address (query string), so a view can be shared and reloaded.
/// </summary>
public sealed partial class JobPage
{
    /// <summary>
    /// Bursts of notifications are applied at most this often (a quiet page applies the first one at once). Short enough
    /// that a committed row shows within a quarter second while a job runs flat out (docs/benchmarks.md, scenario 3).
    /// </summary>
    private static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(100);

    /// <summary>Questions per page of the matrix.</summary>
    public const int QuestionsPerPage = 25;

    /// <summary>Repeats per page of an opened cell (full answers: a cell may have hundreds).</summary>
    public const int RepeatsPerPage = 25;

    private readonly CancellationTokenSource _disposed = new();
    private Job? _job;
    private IReadOnlyList<JobLane> _lanes = [];
    private JobTotals _totals = JobTotals.Empty;
    private StatusCounts _counts = StatusCounts.Empty;
    private CostBreakdown _cost = CostBreakdown.Empty;
    private TimeSpan? _remaining;
    private int _retryable;
    private bool _anyWarming;
    private bool _loading = true;
    private bool _acting;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private JobLiveSubscription? _live;

    private MatrixFilter _filter = MatrixFilter.None;
    private int _page = 1;
    private IReadOnlyList<JobQuestion>? _matching;
    private MatrixPage _matrix = MatrixPage.Empty;
    private IReadOnlyList<string> _languages = [];
    private bool _matrixLoading;
    private string? _matrixError;
    private (string QuestionId, MatrixColumn Column)? _open;
    private Page<MatrixAnswer>? _openAnswers;
    private int _repeatPage = 1;

    private Viewer? _viewer;
    private string? _ownerEmail;
    private bool _canManage;

    [Parameter] public Guid Id { get; set; }

    [SupplyParameterFromQuery(Name = "model")] public string? QueryModel { get; set; }
    [SupplyParameterFromQuery(Name = "region")] public string? QueryRegion { get; set; }
    [SupplyParameterFromQuery(Name = "class")] public string? QueryClass { get; set; }
    /// <summary>"regions", "models" (repeatable).</summary>
    [SupplyParameterFromQuery(Name = "disagree")] public string[]? QueryDisagree { get; set; }
    [SupplyParameterFromQuery(Name = "lang")] public string? QueryLanguage { get; set; }
    [SupplyParameterFromQuery(Name = "q")] public string? QuerySearch { get; set; }
    [SupplyParameterFromQuery(Name = "page")] public int? QueryPage { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        var filter = new MatrixFilter
        {
            Model = Blank(QueryModel),
            Region = Blank(QueryRegion),
            Class = Blank(QueryClass),
            RegionsDisagree = QueryDisagree?.Contains("regions", StringComparer.Ordinal) == true,
            ModelsDisagree = QueryDisagree?.Contains("models", StringComparer.Ordinal) == true,
            Language = Blank(QueryLanguage),
            Search = Blank(QuerySearch?.Trim()),
        };
        var page = Math.Max(1, QueryPage ?? 1);
        if (_job?.Id == Id && !_loading)
        {
            // Same job, another view: only the matrix is read again.
            if (filter != _filter || page != _page)
            {
                var filterChanged = filter != _filter;
                (_filter, _page) = (filter, page);
                await LoadMatrixAsync(filterChanged);
            }
            return;
        }
        _loading = true;
        (_filter, _page) = (filter, page);
        _viewer ??= CurrentUser.Viewer((await AuthenticationState).User);
        Apply(await LoadAllAsync(Id, _disposed.Token));
        if (_job is not null)
        {
            _ownerEmail = await Sharing.OwnerEmailAsync(Id, _disposed.Token);
            _canManage = await Access.CanManageJobAsync(Id, _viewer, _disposed.Token);
        }
        _loading = false;
    }

    /// <summary>
    /// Live updates are followed only once the first load is applied, so that no reload started earlier can land after
    /// (and over) them; and never without a job (no such job, or not this user's to see). Whatever was committed
    /// between the load and the subscription is picked up by one reload (the subscription's resync).
    /// </summary>
    private bool Following => !_loading && _job is not null;

    private async Task<Snapshot> LoadAllAsync(Guid id, CancellationToken ct)
    {
        // A job this user may not see is shown exactly like one that does not exist (and is never subscribed to).
        var job = _viewer is { } viewer && await Access.CanSeeJobAsync(id, viewer, ct) ? await Queries.GetJobAsync(id, ct) : null;
        if (job is null)
        {
            return new Snapshot(id, null, [], JobTotals.Empty, null, MatrixPage.Empty, null);
        }
        var lanes = await Queries.LanesAsync(id, ct);
        var totals = await Matrix.TotalsAsync(id, ct);
        var (matching, page, error) = await ReadMatrixAsync(job, _filter, _page, null, ct);
        return new Snapshot(id, job, lanes, totals, matching, page, error);
    }

    /// <summary>The matching questions (unless given) and one page of them; a filter that does not fit the job reads nothing.</summary>
    private async Task<(IReadOnlyList<JobQuestion>? Matching, MatrixPage Page, string? Error)> ReadMatrixAsync(
        Job job, MatrixFilter filter, int page, IReadOnlyList<JobQuestion>? matching, CancellationToken ct)
    {
        if (JobMatrixQuery.Check(job, filter) is { } error)
        {
            return (null, MatrixPage.Empty with { Total = job.Questions.Count }, error);
        }
        matching ??= await Matrix.MatchingAsync(job, filter, ct);
        return (matching, await Matrix.PageAsync(job, filter, matching, page, QuestionsPerPage, ct), null);
    }

    private async Task LoadMatrixAsync(bool filterChanged)
    {
        if (_job is null)
        {
            return;
        }
        _matrixLoading = true;
        StateHasChanged();
        try
        {
            var (matching, page, error) = await ReadMatrixAsync(_job, _filter, _page, filterChanged ? null : _matching, _disposed.Token);
            (_matching, _matrix, _matrixError) = (matching, page, error);
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        finally
        {
            _matrixLoading = false;
        }
    }

    private async Task ApplyAsync(JobEventBatch batch, CancellationToken ct)
    {
        var id = batch.SubscribedJobId ?? Id;
        if (batch.Resync)
        {
            var all = await LoadAllAsync(id, ct);
            var (opened, repeatPage) = await OnRendererAsync(() => (_open, _repeatPage));
            var reread = opened is { } cell && all.Job is not null ? await Matrix.AnswersAsync(id, cell.QuestionId, cell.Column, repeatPage, RepeatsPerPage, ct) : null;
            await InvokeAsync(() =>
            {
                if (id == Id)
                {
                    Apply(all);
                    if (_open == opened && reread is not null)
                    {
                        _openAnswers = reread;
                    }
                    StateHasChanged();
                }
            });
            return;
        }

        Job? job = null;
        IReadOnlyList<JobLane>? lanes = null;
        if (batch.StatusChanged || batch.LanesChanged)
        {
            job = await Queries.GetJobAsync(id, ct);
            lanes = await Queries.LanesAsync(id, ct);
        }
        // Changes announced by id only (cancel, retry, class overrides) are not carried: the totals are read again.
        var totals = batch.IdsToRead.Count > 0 ? await Matrix.TotalsAsync(id, ct) : null;

        // The visible page (and an open cell) is read again when a changed row belongs to it; with a filter that looks
        // at the executions, which questions match may have changed too once the job's status or classes change.
        var (shown, filter, pageNumber, matching, currentJob, open, openPage) = await OnRendererAsync(() => (Shown(), _filter, _page, _matching, _job, _open, _repeatPage));
        if (currentJob is null)
        {
            return;
        }
        var touchesPage = batch.IdsToRead.Count > 0 || batch.Rows.Any(r => shown.Contains((r.QuestionId, r.ModelId, r.Region, r.EffectivePersona)));
        var rematch = filter.FiltersByExecutions && (batch.IdsToRead.Count > 0 || batch.StatusChanged);
        (IReadOnlyList<JobQuestion>? Matching, MatrixPage Page, string? Error)? read = null;
        if (touchesPage || rematch)
        {
            read = await ReadMatrixAsync(job ?? currentJob, filter, pageNumber, rematch ? null : matching, ct);
        }
        var touchesOpen = open is { } o && (batch.IdsToRead.Count > 0
            || batch.Rows.Any(r => r.QuestionId == o.QuestionId && r.ModelId == o.Column.Model && r.Region == o.Column.Region && r.EffectivePersona == o.Column.Persona));
        var answers = touchesOpen ? await Matrix.AnswersAsync(id, open!.Value.QuestionId, open.Value.Column, openPage, RepeatsPerPage, ct) : null;

        await InvokeAsync(() =>
        {
            if (id != Id || _job is null)
            {
                return;
            }
            if (job is not null)
            {
                _job = job;
            }
            if (lanes is not null)
            {
                _lanes = lanes;
            }
            if (totals is not null)
            {
                _totals = totals;
            }
            else
            {
                _totals.Apply(batch.Rows);
            }
            // A read made for a view the user has since left is dropped (the new view has been read already).
            if (read is { } r && _filter == filter && _page == pageNumber)
            {
                (_matching, _matrix, _matrixError) = r;
            }
            if (answers is not null && _open == open && _repeatPage == openPage)
            {
                _openAnswers = answers;
            }
            Recompute();
            StateHasChanged();
        });
    }

    /// <summary>Reads the page's state on its renderer's context (live batches are applied off it).</summary>
    private async Task<T> OnRendererAsync<T>(Func<T> read)
    {
        T value = default!;
        await InvokeAsync(() => { value = read(); });
        return value;
    }

    /// <summary>The cells of the visible page, as (question, model, region, persona).</summary>
    private HashSet<(string, string, string, string)> Shown() =>
        [.. from q in _matrix.Questions from c in _matrix.Columns select (q.Id, c.Model, c.Region, c.Persona)];

    private void Apply(Snapshot snapshot)
    {
        _job = snapshot.Job;
        _lanes = snapshot.Lanes;
        _totals = snapshot.Totals;
        _matching = snapshot.Matching;
        _matrix = snapshot.Page;
        _matrixError = snapshot.MatrixError;
        _languages = _job is null ? [] : JobMatrixQuery.Languages(_job);
        _breadcrumbs = [new BreadcrumbItem("Jobs", "/jobs"), new BreadcrumbItem(_job?.Name ?? Id.ToString(), null, disabled: true)];
        Recompute();
    }

    /// <summary>The header's figures, read from the totals (which keep them current as rows change).</summary>
    private void Recompute()
    {
        _counts = _totals.Counts;
        _retryable = _totals.Retryable;
        _anyWarming = _lanes.Any(l => l.Stage == LaneStage.WarmingUp);
        _remaining = _totals.Remaining(Limiter.Limit);
        _cost = _totals.Cost;
    }

    /// <summary>A new filter starts at its first page; both go into the address, which sets the parameters again.</summary>
    private void FilterAsync(MatrixFilter filter) => Navigate(filter, 1);

    private void PageAsync(int page) => Navigate(_filter, page);

    private void Navigate(MatrixFilter filter, int page)
    {
        string[] disagree = [.. filter.RegionsDisagree ? ["regions"] : Array.Empty<string>(), .. filter.ModelsDisagree ? ["models"] : Array.Empty<string>()];
        var uri = Navigation.GetUriWithQueryParameters(new Dictionary<string, object?>
        {
            ["model"] = filter.Model,
            ["region"] = filter.Region,
            ["class"] = filter.Class,
            ["disagree"] = disagree.Length == 0 ? null : disagree,
            ["lang"] = filter.Language,
            ["q"] = filter.Search,
            ["page"] = page == 1 ? null : page,
        });
        Navigation.NavigateTo(uri, replace: true);
    }

    private async Task ToggleCellAsync((string QuestionId, MatrixColumn Column) cell)
    {
        if (_open == cell)
        {
            (_open, _openAnswers) = (null, null);
            return;
        }
        (_open, _openAnswers, _repeatPage) = (cell, null, 1);
        await LoadOpenAsync();
    }

    private async Task RepeatPageAsync(int page)
    {
        _repeatPage = page;
        await LoadOpenAsync();
    }

    private async Task LoadOpenAsync()
    {
        if (_open is not { } cell)
        {
            return;
        }
        var page = _repeatPage;
        try
        {
            var answers = await Matrix.AnswersAsync(Id, cell.QuestionId, cell.Column, page, RepeatsPerPage, _disposed.Token);
            if (_open == cell && _repeatPage == page)
            {
                (_openAnswers, _repeatPage) = (answers, answers.PageNumber);
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private async Task CancelAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Cancel this job?",
            "Every pending and running execution stops now; finished executions and their answers are kept. A cancelled job cannot be resumed or retried.",
            yesText: "Yes", cancelText: "No");
        if (confirmed == true)
        {
            await ActAsync(() => Jobs.CancelAsync(Id, _disposed.Token));
        }
    }

    private async Task RetryFailedAsync()
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Retry failed executions?",
            $"{Formats.Count(_retryable)} failed execution{(_retryable == 1 ? "" : "s")} with attempts left will run again with the same prompt and parameters. " +
            $"Executions that used all {JobStateRules.MaxAttemptsPerCell} attempts stay failed; succeeded ones are not touched.",
            yesText: "Yes", cancelText: "No");
        if (confirmed == true)
        {
            await ActAsync(() => Jobs.RetryFailedAsync(Id, null, _disposed.Token));
        }
    }

    private async Task RetryCellAsync(MatrixAnswer answer)
    {
        var cell = _open is { } open ? $"{open.QuestionId} · {open.Column.Model} · {open.Column.Region}" : "This execution";
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Retry this execution?",
            $"{cell} · repeat {answer.RepeatIndex + 1} runs again with the same prompt and parameters " +
            $"(attempt {answer.AttemptCount + 1} of at most {JobStateRules.MaxAttemptsPerCell}).",
            yesText: "Yes", cancelText: "No");
        if (confirmed == true)
        {
            await ActAsync(() => Jobs.RetryFailedAsync(Id, answer.Id, _disposed.Token));
        }
    }

    private async Task ReclassifyAsync()
    {
        var before = await Queries.ClassifierVersionsAsync(Id, _disposed.Token);
        var current = Beacon.Core.Analysis.ResponseClassifier.Version;
        var used = before.Count == 0 ? "no classifier yet" : string.Join(", ", before);
        // The "no" button, when a judge is configured, is "re-classify and use the LLM judge" (issue 12).
        var judge = Judge.Model;
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Re-classify this job?",
            $"Every finished execution is classified again with the current classifier, {current}; today its executions were classified by {used}. " +
            "Classes set by hand are kept and still count; the classifier's class beside them is updated, and the old classes stay in each execution's history. The statistics change accordingly." +
            (judge is null ? "" : $" The LLM judge ({judge}) can also classify the answers, in the background and beside the classifier."),
            yesText: "Re-classify", noText: judge is null ? null : "Re-classify and use the judge", cancelText: "Cancel");
        if (confirmed is null || (confirmed == false && judge is null))
        {
            return;
        }
        var useJudge = confirmed == false;
        await ActAsync(async () =>
        {
            var result = await Classification.ReclassifyAsync(Id, useJudge, _disposed.Token);
            var message = result.Outcome == JobActionOutcome.Done ? $"{result.Message} Before: {used}; now: {result.ClassifierVersion}." : result.Message;
            return new JobActionResult(result.Outcome, result.ClassChanged, message);
        });
    }

    private async Task ActAsync(Func<Task<JobActionResult>> action)
    {
        _acting = true;
        try
        {
            // Sharing may have been withdrawn since the page loaded.
            if (_viewer is null || !await Access.CanSeeJobAsync(Id, _viewer, _disposed.Token))
            {
                Snackbar.Add("You may no longer act on this job.", Severity.Warning);
                return;
            }
            var result = await action();
            Snackbar.Add(result.Message, result.Outcome == JobActionOutcome.Done ? Severity.Success : Severity.Warning);
            // The notifications bring the rows; the job's own status is reloaded at once so the buttons are right.
            if (_live is not null)
            {
                await _live.AddAsync(new Beacon.Infrastructure.Live.JobEvent(Id, [], "action", null));
            }
        }
        catch (OperationCanceledException) when (_disposed.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            Logger.LogError(ex, "A job action on {JobId} failed", Id);
            Snackbar.Add($"That did not work: {ex.Message}", Severity.Error);
        }
        finally
        {
            _acting = false;
        }
    }

    public void Dispose()
    {
        _disposed.Cancel();
        _disposed.Dispose();
    }

    private sealed record Snapshot(Guid Id, Job? Job, IReadOnlyList<JobLane> Lanes, JobTotals Totals, IReadOnlyList<JobQuestion>? Matching, MatrixPage Page, string? MatrixError);
}
