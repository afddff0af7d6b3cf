using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Shared;
using Microsoft.AspNetCore.Components;
using MudBlazor;

namespace Beacon.Web.Components.Jobs;

public sealed partial class JobMatrix
{
    /// <summary>The page of the matrix to show (questions, columns, cells, counts).</summary>
    [Parameter, EditorRequired] public MatrixPage Page { get; set; } = MatrixPage.Empty;

    [Parameter, EditorRequired] public MatrixFilter Filter { get; set; } = MatrixFilter.None;

    /// <summary>The job's models, regions and question languages (the filters' choices).</summary>
    [Parameter] public IReadOnlyList<string> Models { get; set; } = [];
    [Parameter] public IReadOnlyList<string> Regions { get; set; } = [];
    [Parameter] public IReadOnlyList<string> Languages { get; set; } = [];

    [Parameter] public bool Loading { get; set; }

    /// <summary>Why the filter could not be applied (a field that does not fit the job).</summary>
    [Parameter] public string? Error { get; set; }

    /// <summary>The opened cell and its answers (null while they load).</summary>
    [Parameter] public (string QuestionId, MatrixColumn Column)? OpenCell { get; set; }
    [Parameter] public Page<MatrixAnswer>? OpenAnswers { get; set; }

    [Parameter] public EventCallback<int> OnRepeatPage { get; set; }

    /// <summary>Whether failed repeats offer a retry (not for a cancelled job).</summary>
    [Parameter] public bool AllowRetry { get; set; } = true;

    [Parameter] public EventCallback<MatrixFilter> OnFilter { get; set; }
    [Parameter] public EventCallback<int> OnPage { get; set; }
    [Parameter] public EventCallback<(string QuestionId, MatrixColumn Column)> OnToggleCell { get; set; }
    [Parameter] public EventCallback<MatrixAnswer> OnRetry { get; set; }

    private bool ShowLanguages => Languages.Count > 1;

    private string RangeText => Page.Matching == 0
        ? $"No questions of {Formats.Count(Page.Total)} match"
        : $"Questions {Formats.Count(Page.First + 1)}-{Formats.Count(Page.First + Page.Questions.Count)} of {Formats.Count(Page.Matching)}"
          + (Filter.IsEmpty ? "" : $" matching (of {Formats.Count(Page.Total)})");

    private bool IsOpen(string questionId, MatrixColumn column) => OpenCell is { } o && o.QuestionId == questionId && o.Column == column;

    private int RowCount(string questionId, ResponseClass c) =>
        Page.Columns.Sum(column => Page.Cell(questionId, column)?.Count(c) ?? 0);

    private Task OnSearchAsync(string? value) => ChangeAsync(Filter with { Search = string.IsNullOrWhiteSpace(value) ? null : value.Trim() });

    private Task ChangeAsync(MatrixFilter filter) => filter == Filter ? Task.CompletedTask : OnFilter.InvokeAsync(filter);

    private static string? Blank(ChangeEventArgs e) => e.Value is string { Length: > 0 } s ? s : null;

    /// <summary>A crossed persona is part of the cell's key, so it is part of its test id too.</summary>
    internal static string CellTestId(string questionId, MatrixColumn column) =>
        $"matrix-cell-{questionId}-{column.Model}-{column.Region}{(column.OwnPersona ? "" : "-" + column.Persona)}";

    /// <summary>What a cell says first: its majority class with the repeats' agreement ("2/3 refusal"), else its progress.</summary>
    internal static string Label(MatrixCell cell)
    {
        var c = cell.Counts;
        var progress = c.AllTerminal ? "" : c.Terminal == 0 ? (c.Running > 0 ? "running" : "pending") : $"{c.Terminal}/{c.Total} done";
        if (cell.Majority is not { } m)
        {
            return progress.Length > 0 ? progress : c.Cancelled == c.Total ? "cancelled" : "no class";
        }
        var agreement = c.Total == 1 ? ClassificationChip.Label(m.Class) : $"{m.Count}/{c.Total} {ClassificationChip.Label(m.Class)}";
        return progress.Length > 0 ? $"{agreement} · {progress}" : agreement;
    }

    private static string Describe(MatrixCell cell)
    {
        var classes = string.Join(", ", cell.Classes.OrderBy(k => k.Key).Select(k => $"{k.Value} {ClassificationChip.Label(k.Key)}"));
        return $"{SegmentedProgress.Describe(cell.Counts)}{(classes.Length > 0 ? $"; {classes}" : "")}. Click to read every repeat's answer.";
    }

    private static string ClassCss(ResponseClass? c) => c switch
    {
        ResponseClass.Substantive => "beacon-mcell-substantive",
        ResponseClass.Partial => "beacon-mcell-partial",
        ResponseClass.Refusal => "beacon-mcell-refusal",
        ResponseClass.TechnicalFailure => "beacon-mcell-failure",
        _ => "beacon-mcell-none",
    };

    /// <summary>One word for a group of cells: what a researcher scanning the matrix needs first.</summary>
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
}
