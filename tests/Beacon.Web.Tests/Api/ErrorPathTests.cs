using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Beacon.Tests.Shared;
using Beacon.Web.Tests.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Beacon.Web.Tests.Api;

/// <summary>
/// Malformed input of every kind gets a 4xx ProblemDetails that names the field (never a 500, never an HTML page, never
/// a .NET type name), and even a genuine server error carries the security headers.
/// </summary>
public sealed class ErrorPathTests : IAsyncLifetime
{
    private TestDatabase _db = null!;
    private WebApplicationFactoryWithFault _app = null!;
    private HttpClient _http = null!;
    private Guid _job;

    public async Task InitializeAsync()
    {
        _db = await TestDatabase.CreateAsync();
        _app = new WebApplicationFactoryWithFault(_db);
        _http = await _app.Factory.CreateAdminClientAsync();
        var created = await _http.PostAsJsonAsync("/api/jobs", new { questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } });
        _job = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _app.Factory.DisposeAsync();
        await _db.DisposeAsync();
    }

    private static async Task<JsonElement> ProblemAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private static string ErrorFor(JsonElement problem, string field) =>
        string.Join(" ", problem.GetProperty("errors").GetProperty(field).EnumerateArray().Select(e => e.GetString()));

    [Fact]
    public async Task ANulCharacterInAJobNameIsRefusedNamingTheField()
    {
        var response = await _http.PostAsJsonAsync("/api/jobs", new { name = "bad\0name", questionIds = new[] { "math_basic" }, models = new[] { "llama3.2-1b" }, regions = new[] { "US" } });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+0000", ErrorFor(problem, "name"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANulCharacterInAQueryFilterIsRefusedNamingTheParameter()
    {
        var response = await _http.GetAsync($"/api/jobs/{_job}/executions?questionId=math%00basic");

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+0000", ErrorFor(problem, "questionId"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ANulCharacterInADatasetsNameOrSourceIsRefusedNamingTheField()
    {
        using var content = new StringContent("subject,prompt\nhistory,What happened in 1989?\n", Encoding.UTF8, "text/csv");
        var response = await _http.PostAsync("/api/datasets?name=set%00one&source=web%00site", content);

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("U+0000", ErrorFor(problem, "name"), StringComparison.Ordinal);
        Assert.Contains("U+0000", ErrorFor(problem, "source"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ABodyThatIsNotJsonAnswers415WithAMessage()
    {
        using var content = new StringContent("questionIds=math_basic", Encoding.UTF8, "text/plain");
        var response = await _http.PostAsync("/api/jobs", content);

        var problem = await ProblemAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("Content-Type: application/json", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Contains("text/plain", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/jobs/not-a-job-id")]
    [InlineData("/api/jobs/not-a-job-id/executions")]
    [InlineData("/api/executions/abc")]
    [InlineData("/api/no-such-route")]
    public async Task AnApiPathThatMatchesNoRouteAnswersAProblemNotTheHtmlPage(string path)
    {
        var problem = await ProblemAsync(await _http.GetAsync(path), HttpStatusCode.NotFound);

        Assert.Contains("GUID", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AQueryValueOfTheWrongKindIsExplainedWithoutDotNetTypeNames()
    {
        var problem = await ProblemAsync(await _http.GetAsync("/api/jobs?page=abc"), HttpStatusCode.BadRequest);

        var message = ErrorFor(problem, "page");
        Assert.Contains("'abc' is not a whole number", message, StringComparison.Ordinal);
        Assert.DoesNotContain("Int32", problem.GetRawText(), StringComparison.Ordinal);
        Assert.DoesNotContain("int?", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/jobs?status=9")]
    [InlineData("/api/jobs/{job}/executions?status=42")]
    public async Task ANumberThatIsNoDefinedStatusIsRefused(string path)
    {
        var problem = await ProblemAsync(await _http.GetAsync(path.Replace("{job}", _job.ToString(), StringComparison.Ordinal)), HttpStatusCode.BadRequest);

        Assert.Contains("use one of", ErrorFor(problem, "status"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnOverlongTokenNameIsRefusedNotCut()
    {
        var response = await _http.PostAsJsonAsync("/api/account/tokens", new { name = new string('x', 10_000) });

        var problem = await ProblemAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("at most 100 characters", ErrorFor(problem, "name"), StringComparison.Ordinal);
        var tokens = await _http.GetFromJsonAsync<JsonElement>("/api/account/tokens");
        Assert.DoesNotContain(tokens.EnumerateArray(), t => t.GetProperty("name").GetString()!.StartsWith("xxxx", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AServerErrorStillCarriesTheSecurityHeaders()
    {
        var response = await _http.GetAsync(WebApplicationFactoryWithFault.FaultPath);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("frame-ancestors 'none'", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
    }

    [Fact]
    public async Task ANewJobLinkWithAMangledDatasetIdSaysSoInsteadOfFailing()
    {
        using var browser = await SignedInBrowserlessClient.CreateAsync(_app.Factory, BeaconAppFactory.AdminEmail, BeaconAppFactory.AdminPassword);
        var response = await browser.GetAsync("/jobs/new?set=abc");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("dataset id is not valid", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    /// <summary>The app with one extra route at the very end of the pipeline that throws, to see what a real 500 looks like.</summary>
    private sealed class WebApplicationFactoryWithFault
    {
        public const string FaultPath = "/test-fault";

        public WebApplicationFactoryWithFault(TestDatabase db) =>
            Factory = new BeaconAppFactory(db, services: s => s.AddSingleton<IStartupFilter>(new FaultFilter()));

        public BeaconAppFactory Factory { get; }

        private sealed class FaultFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                next(app);
                app.Map(FaultPath, branch => branch.Run(_ => throw new InvalidOperationException("a deliberate fault")));
            };
        }
    }
}
