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
/// One job, live. Loads the job, its lanes and every execution row (a projection without answer texts) once, then
/// applies change notifications in batches: changed rows are reloaded by id and applied to the page's
/// <see cref="JobRowSet"/> (which adjusts every count by what changed), a status or lane change reloads the job and
/// its lanes, a resync reloads everything. It never polls.
/// </summary>
public sealed partial class JobPage
{
    /// <summary>
    /// Bursts of notifications are applied at most this often (a quiet page applies the first one at once). Short enough
    /// that a committed row shows within a quarter second while a job runs flat out (docs/benchmarks.md, scenario 3); an
    /// update of a 10,000-execution page costs a few milliseconds of the server's CPU.
    /// </summary>
    private static readonly TimeSpan CoalesceWindow = TimeSpan.FromMilliseconds(100);

    private readonly CancellationTokenSource _disposed = new();
    private Job? _job;
    private IReadOnlyList<JobLane> _lanes = [];
    private JobRowSet _rows = JobRowSet.Empty;
    private StatusCounts _counts = StatusCounts.Empty;
    private CostBreakdown _cost = CostBreakdown.Empty;
    private TimeSpan? _remaining;
    private int _retryable;
    private bool _anyWarming;
    private bool _loading = true;
    private bool _acting;
    private List<BreadcrumbItem> _breadcrumbs = [];
    private JobLiveSubscription? _live;

    private Viewer? _viewer;
    private string? _ownerEmail;
    private bool _canManage;

    [Parameter] public Guid Id { get; set; }

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    protected override async Task OnParametersSetAsync()
    {
        if (_job?.Id == Id && !_loading)
        {
            return;
        }
        _loading = true;
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
            return new Snapshot(id, null, [], JobRowSet.Empty);
        }
        var lanes = await Queries.LanesAsync(id, ct);
        var rows = await Queries.ExecutionRowsAsync(id, ct);
        return new Snapshot(id, job, lanes, new JobRowSet(job.Questions, rows));
    }

    private async Task ApplyAsync(JobEventBatch batch, CancellationToken ct)
    {
        var id = batch.SubscribedJobId ?? Id;
        if (batch.Resync)
        {
            var all = await LoadAllAsync(id, ct);
            await InvokeAsync(() =>
            {
                if (id == Id)
                {
                    Apply(all);
                    StateHasChanged();
                }
            });
            return;
        }

        Job? job = null;
        IReadOnlyList<JobLane>? lanes = null;
        IReadOnlyList<ExecutionRow>? read = null;
        if (batch.StatusChanged || batch.LanesChanged)
        {
            job = await Queries.GetJobAsync(id, ct);
            lanes = await Queries.LanesAsync(id, ct);
        }
        // The worker's notifications carry the rows; only changes announced by id (cancel, retry, classes) are read.
        if (batch.IdsToRead.Count > 0)
        {
            read = await Queries.ExecutionRowsByIdAsync(id, batch.IdsToRead, ct);
        }
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
            _rows.Apply(batch.Rows);
            if (read is { Count: > 0 })
            {
                _rows.Apply(read);
            }
            Recompute();
            StateHasChanged();
        });
    }

    private void Apply(Snapshot snapshot)
    {
        _job = snapshot.Job;
        _lanes = snapshot.Lanes;
        _rows = snapshot.Rows;
        _breadcrumbs = [new BreadcrumbItem("Jobs", "/jobs"), new BreadcrumbItem(_job?.Name ?? Id.ToString(), null, disabled: true)];
        Recompute();
    }

    /// <summary>The header's figures, read from the row set (which keeps them current as rows change).</summary>
    private void Recompute()
    {
        _counts = _rows.Counts;
        _retryable = _rows.Retryable;
        _anyWarming = _lanes.Any(l => l.Stage == LaneStage.WarmingUp);
        _remaining = _rows.Remaining(Limiter.Limit);
        _cost = _rows.Cost;
    }

    private Task<Execution?> LoadExecutionAsync(long id, CancellationToken ct) => Queries.ExecutionAsync(id, ct);

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

    private async Task RetryCellAsync(ExecutionRow row)
    {
        var confirmed = await Dialogs.ShowMessageBoxAsync(
            "Retry this execution?",
            $"{row.QuestionId} · {row.ModelId} · {row.Region}{(row.RepeatIndex > 0 ? $" · repeat {row.RepeatIndex + 1}" : "")} runs again with the same prompt and parameters " +
            $"(attempt {row.AttemptCount + 1} of at most {JobStateRules.MaxAttemptsPerCell}).",
            yesText: "Yes", cancelText: "No");
        if (confirmed == true)
        {
            await ActAsync(() => Jobs.RetryFailedAsync(Id, row.Id, _disposed.Token));
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

    private sealed record Snapshot(Guid Id, Job? Job, IReadOnlyList<JobLane> Lanes, JobRowSet Rows);
}
