using Beacon.Core.Analysis;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Web.Components.Executions;
using Bunit;
using MudBlazor;

namespace Beacon.Web.Tests.Components;

public sealed class ClassOverrideFormTests : MudTestContext
{
    private static Execution Execution(string? overrideClass = null, ExecutionStatus status = ExecutionStatus.Succeeded) => new()
    {
        Id = 42,
        Status = status,
        ResponseText = "I'm sorry to hear that. Here is what happened...",
        Classification = status == ExecutionStatus.Succeeded ? "Refusal" : null,
        ClassifierVersion = "rules-1.4",
        ClassificationRule = "refusal-en",
        OverrideClass = overrideClass,
        OverrideBy = overrideClass is null ? null : "ana",
        OverrideAt = overrideClass is null ? null : Now.AddHours(-1),
        OverrideNote = overrideClass is null ? null : "Sympathy, then a full answer.",
    };

    private IRenderedComponent<ClassOverrideForm> Form(Execution execution, Action<(ResponseClass, string)>? save = null, Action? revert = null) =>
        Render<ClassOverrideForm>(p => p
            .Add(f => f.Execution, execution)
            .Add(f => f.OnSave, save ?? (_ => { }))
            .Add(f => f.OnRevert, revert ?? (() => { })));

    [Fact]
    public void AnOverrideShowsTheOriginalClassAndWhoSetItWhenAndWhy()
    {
        var cut = Form(Execution("Substantive"));

        Assert.Equal("Substantive", cut.Find("[data-testid='effective-class'] [data-classification]").GetAttribute("data-classification"));
        Assert.Contains("set by hand", cut.Find("[data-testid='effective-class']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Refusal", cut.Find("[data-testid='original-class'] [data-classification]").GetAttribute("data-classification"));
        Assert.Contains("rules-1.4", cut.Find("[data-testid='original-class']").TextContent, StringComparison.Ordinal);
        Assert.Contains("ana", cut.Find("[data-testid='override-audit']").TextContent, StringComparison.Ordinal);
        Assert.Contains("2026-11-29 11:00:00 UTC", cut.Find("[data-testid='override-audit']").TextContent, StringComparison.Ordinal);
        Assert.Equal("Sympathy, then a full answer.", cut.Find("[data-testid='override-note']").TextContent);
    }

    [Fact]
    public void SettingAClassNeedsANewClassAndAReason()
    {
        (ResponseClass Class, string Note)? saved = null;
        var cut = Form(Execution(), change => saved = change);
        var save = () => cut.Find("[data-testid='override-save']");
        Assert.True(save().HasAttribute("disabled"));

        var select = cut.FindComponent<MudSelect<ResponseClass?>>();
        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ResponseClass.Refusal));
        Assert.True(save().HasAttribute("disabled"));
        Assert.Contains("already counts as this class", cut.Find("[data-testid='override-problem']").TextContent, StringComparison.Ordinal);

        cut.InvokeAsync(() => select.Instance.ValueChanged.InvokeAsync(ResponseClass.Substantive));
        Assert.True(save().HasAttribute("disabled"));
        Assert.Contains("Say why", cut.Find("[data-testid='override-problem']").TextContent, StringComparison.Ordinal);

        var note = cut.FindComponent<MudTextField<string>>();
        cut.InvokeAsync(() => note.Instance.ValueChanged.InvokeAsync("  Sympathy phrase, not a refusal.  "));
        Assert.False(save().HasAttribute("disabled"));
        save().Click();

        Assert.Equal((ResponseClass.Substantive, "Sympathy phrase, not a refusal."), saved);
    }

    [Fact]
    public void RevertIsOfferedOnlyForAnOverriddenClass()
    {
        Assert.Empty(Form(Execution()).FindAll("[data-testid='override-revert']"));

        var reverted = false;
        var cut = Form(Execution("Substantive"), revert: () => reverted = true);
        cut.Find("[data-testid='override-revert']").Click();
        Assert.True(reverted);
    }

    [Fact]
    public void AnUnfinishedExecutionCannotBeOverridden()
    {
        var cut = Form(Execution(status: ExecutionStatus.Running));

        Assert.Empty(cut.FindAll("[data-testid='override-save']"));
        Assert.Contains("Only a finished execution", cut.Markup, StringComparison.Ordinal);
    }
}
