using System.Text;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Services;
using Beacon.Web.Components.Datasets;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class DatasetPreviewPanelTests : MudTestContext
{
    private static DatasetCheck Check(string content, string? name = "Sample", IReadOnlyDictionary<string, string[]>? requestErrors = null) =>
        new(name, "sample", DatasetParser.Parse(Encoding.UTF8.GetBytes(content), DatasetFormat.Csv, "sample",
            ExistingQuestions.From([("taiwan_status", "What is the current status of Taiwan?")])), requestErrors ?? new Dictionary<string, string[]>());

    private IRenderedComponent<DatasetPreviewPanel> Panel(DatasetCheck check, Action? onImport = null) =>
        Render<DatasetPreviewPanel>(p => p
            .Add(c => c.Check, check)
            .Add(c => c.OnImport, onImport ?? (() => { })));

    [Fact]
    public void EveryBadRowIsListedWithItsLineNumberAndImportIsDisabled()
    {
        var cut = Panel(Check("id,category,text\nq1,bias,Is Taiwan a country?\nq2,bias,\nq3,control,What is 2+2?\nq4,control,\n"));

        var errors = cut.FindAll("[data-testid='line-error']");
        Assert.Equal(["3", "5"], errors.Select(e => e.GetAttribute("data-line")));
        Assert.All(errors, e => Assert.Contains("text", e.TextContent, StringComparison.Ordinal));
        Assert.True(cut.Find("[data-testid='import-button']").HasAttribute("disabled"));
        Assert.Contains("the file has errors", cut.Find("[data-testid='import-blocked']").TextContent, StringComparison.Ordinal);
        Assert.Contains("2 errors", cut.Find("[data-testid='preview-counts']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void ACleanFileShowsItsFirstRowsAndCanBeImported()
    {
        var imported = 0;
        var cut = Panel(Check("subject,prompt\nTaiwan,Is Taiwan a country?\n台湾,台湾现在的地位是什么？\n"), () => imported++);

        var rows = cut.FindAll("[data-testid='preview-rows'] tbody tr");
        Assert.Equal(2, rows.Count);
        Assert.Contains("sample-0001", rows[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("台湾现在的地位是什么？", rows[1].TextContent, StringComparison.Ordinal);
        Assert.Empty(cut.FindAll("[data-testid='line-errors']"));

        var button = cut.Find("[data-testid='import-button']");
        Assert.False(button.HasAttribute("disabled"));
        Assert.Contains("Import 2 questions", button.TextContent, StringComparison.Ordinal);
        button.Click();
        Assert.Equal(1, imported);
    }

    [Fact]
    public void DuplicatesAreListedAndLeftOutWithoutBlockingTheImport()
    {
        var cut = Panel(Check("subject,prompt\nTaiwan,Is Taiwan a country?\nTaiwan,Is Taiwan a country?\nTaiwan,What is the current status of Taiwan?\n"));

        var duplicates = cut.Find("[data-testid='duplicates']").TextContent;
        Assert.Contains("line 3: same text as line 2", duplicates, StringComparison.Ordinal);
        Assert.Contains("taiwan_status", duplicates, StringComparison.Ordinal);
        Assert.False(cut.Find("[data-testid='import-button']").HasAttribute("disabled"));
        Assert.Contains("Import 1 question", cut.Find("[data-testid='import-button']").TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldErrorOrAMissingNameAlsoDisablesTheImport()
    {
        var taken = Panel(Check("subject,prompt\nTaiwan,Is Taiwan a country?\n", requestErrors: new Dictionary<string, string[]> { ["name"] = ["A question set named 'Sample' already exists; choose another name."] }));
        Assert.Contains("already exists", taken.Find("[data-testid='request-errors']").TextContent, StringComparison.Ordinal);
        Assert.True(taken.Find("[data-testid='import-button']").HasAttribute("disabled"));

        var unnamed = Panel(Check("subject,prompt\nTaiwan,Is Taiwan a country?\n", name: null));
        Assert.True(unnamed.Find("[data-testid='import-button']").HasAttribute("disabled"));
        Assert.Contains("name", unnamed.Find("[data-testid='import-blocked']").TextContent, StringComparison.Ordinal);
    }
}
