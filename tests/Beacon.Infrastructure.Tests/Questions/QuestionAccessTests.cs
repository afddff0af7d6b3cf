using System.Text;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Services;
using Beacon.Tests.Shared;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Infrastructure.Tests.Questions;

/// <summary>Decision 0020 at the service level, on a real PostgreSQL: who sees, picks and runs an imported set's questions.</summary>
public sealed class QuestionAccessTests : IAsyncLifetime
{
    private static readonly Viewer Ann = new("ann-id", false);
    private static readonly Viewer Bob = new("bob-id", false);
    private static readonly Viewer Admin = new("admin-id", true);

    private TestDatabase _db = null!;
    private InfrastructureHost _host = null!;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _host = await InfrastructureHost.StartAsync(_db);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _db.DisposeAsync();
    }

    private DatasetService Sets => _host.Services.GetRequiredService<DatasetService>();

    private JobQueries Queries => _host.Services.GetRequiredService<JobQueries>();

    private async Task<Guid> ImportAsync(Viewer owner, string name, string csv)
    {
        var result = await Sets.ImportAsync(Encoding.UTF8.GetBytes(csv), new DatasetRequest(name), owner.UserId, $"{owner.UserId}@beacon.test", default);
        Assert.True(result.Set is not null, string.Join("; ", result.Check.Preview.Errors.Select(e => e.Message)));
        return result.Set!.Id;
    }

    private static JobRequest Request(string[] ids, string[]? languages = null) =>
        new() { QuestionIds = ids, Models = ["qwen2.5-1.5b"], Regions = ["US"], Languages = languages };

    [Fact]
    public async Task ThePickerListsBuiltInOwnAndSharedSetsOnly()
    {
        var annsSet = await ImportAsync(Ann, "Ann's prompts", "id,category,text\nann-2,PRC politics,Second?\nann-1,PRC politics,First?\n");
        var bobsSet = await ImportAsync(Bob, "Bob's prompts", "id,category,text\nbob-1,x,Bob's?\n");

        var forAnn = await Queries.QuestionCatalogAsync(Ann, default);
        Assert.Equal([QuestionCatalogSet.BuiltInName, "Ann's prompts"], forAnn.Sets.Select(s => s.Name));
        // A set's questions in file order, after the built-in ones; Ann's set is hers and private.
        Assert.Equal(["ann-2", "ann-1"], forAnn.Questions.TakeLast(2).Select(q => q.Id));
        Assert.Equal((annsSet, true, false), (forAnn.Sets[1].Id, forAnn.Sets[1].Mine, forAnn.Sets[1].SharedWithEveryone));
        Assert.DoesNotContain(forAnn.Questions, q => q.Id == "bob-1");

        Assert.Equal(DatasetSharingOutcome.NotFound, (await Sets.SetSharedAsync(annsSet, true, Bob, default)).Outcome);
        Assert.Equal(DatasetSharingOutcome.Done, (await Sets.SetSharedAsync(annsSet, true, Ann, default)).Outcome);

        var forBob = await Queries.QuestionCatalogAsync(Bob, default);
        Assert.Equal([QuestionCatalogSet.BuiltInName, "Ann's prompts", "Bob's prompts"], forBob.Sets.Select(s => s.Name));
        Assert.Equal((false, true), (forBob.Sets[1].Mine, forBob.Sets[1].SharedWithEveryone));
        Assert.Equal(DatasetSharingOutcome.NotAllowed, (await Sets.SetSharedAsync(annsSet, false, Bob, default)).Outcome);

        var forAdmin = await Sets.ListAsync(Admin, default);
        Assert.Equal([bobsSet, annsSet], forAdmin.Select(s => s.Id));
        Assert.Null(await Sets.GetAsync(bobsSet, Ann, default));
    }

    [Fact]
    public async Task ASubmissionNamingAnotherUsersPrivateQuestionIsRefusedOnTheQuestionIdsField()
    {
        await ImportAsync(Ann, "Ann's prompts", "id,category,text\nann-1,x,Private?\n");

        var bobs = await _host.Jobs.SubmitAsync(Request(["ann-1", "math_basic"]), Bob, null, default);
        var anns = await _host.Jobs.SubmitAsync(Request(["ann-1", "math_basic"]), Ann, null, default);

        Assert.Null(bobs.Job);
        Assert.Equal(["Unknown question 'ann-1'."], bobs.Errors["questionIds"]);
        Assert.Equal(["ann-1", "math_basic"], anns.Job!.Questions.Select(q => q.Id));
        Assert.True((await _host.Jobs.SubmitAsync(Request(["ann-1"]), Admin, null, default)).IsValid);
    }

    [Fact]
    public async Task TheLanguagesShortcutNeverAddsAVariantFromAnotherUsersPrivateSet()
    {
        // Ann's French variant joins the built-in group 'math_basic' (groups are global), privately.
        await ImportAsync(Ann, "Ann's French", "group,language,text\nmath_basic,fr,Combien font 2+2 ?\n");

        var anns = await _host.Jobs.PlanAsync(Request(["math_basic"], ["fr"]), Ann, default);
        var bobs = await _host.Jobs.PlanAsync(Request(["math_basic"], ["fr"]), Bob, default);

        Assert.Equal(2, anns.Plan!.Questions.Count);
        Assert.Contains(anns.Plan.Questions, q => q.Text == "Combien font 2+2 ?");
        Assert.DoesNotContain(bobs.Plan?.Questions ?? [], q => q.Text == "Combien font 2+2 ?");
    }

    [Fact]
    public async Task AnotherUsersPrivateTextIsNoDuplicateButItsIdStaysTaken()
    {
        await ImportAsync(Ann, "Ann's prompts", "id,category,text\nann-1,x,The same words?\n");

        var sameText = await Sets.PreviewAsync(Encoding.UTF8.GetBytes("subject,prompt\nx,The same words?\n"), new DatasetRequest("Bob's"), Bob.UserId, default);
        var sameId = await Sets.PreviewAsync(Encoding.UTF8.GetBytes("id,text\nann-1,Other words?\n"), new DatasetRequest("Bob's"), Bob.UserId, default);
        var annAgain = await Sets.PreviewAsync(Encoding.UTF8.GetBytes("subject,prompt\nx,The same words?\nx,New?\n"), new DatasetRequest("Ann's again"), Ann.UserId, default);

        Assert.Equal((1, 0), (sameText.Preview.Questions.Count, sameText.Preview.Duplicates.Count));
        Assert.Contains("already used by a question in the catalogue", Assert.Single(sameId.Preview.Errors).Message, StringComparison.Ordinal);
        Assert.Single(annAgain.Preview.Duplicates);
    }
}
