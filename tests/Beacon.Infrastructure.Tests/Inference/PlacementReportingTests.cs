using System.Text.Json;
using Beacon.Core.Abstractions;
using Beacon.Core.Jobs;
using Beacon.Core.Placement;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Beacon.Infrastructure.Tests.Inference;

/// <summary>
/// What the Beacon-protocol client makes of the placement an endpoint reports (verified, mismatched, missing, unknown),
/// and both clients' request bodies against a server that reads only Content-Length.
/// </summary>
public sealed class PlacementReportingTests : IAsyncLifetime
{
    private ScriptedEndpoint _us = null!;

    public async Task InitializeAsync() => _us = await ScriptedEndpoint.StartAsync();

    public async Task DisposeAsync() => await _us.DisposeAsync();

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { EnvironmentName = "Testing", DisableDefaults = true });
        var values = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Beacon"] = "Host=127.0.0.1;Database=unused",
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Beacon:Inference:RetryBaseDelay"] = "00:00:00.010",
            ["Beacon:Inference:AttemptTimeout"] = "00:00:05",
        };
        foreach (var (k, v) in settings)
        {
            values[k] = v;
        }
        builder.Configuration.AddInMemoryCollection(values);
        builder.Logging.SetMinimumLevel(LogLevel.Critical);
        builder.AddBeaconInfrastructure();
        return builder.Build();
    }

    private static InferenceCall Call(string region, string model = "llama3.2-1b") =>
        new(Guid.NewGuid(), model, region, "What is 2+2?", "system", new GenerationParameters(0.1, 50, null));

    private static string Success(string region, object receipt) => JsonSerializer.Serialize(new
    {
        success = true,
        response = "4",
        model = "llama3.2-1b",
        region,
        inference_time = 0.5,
        tokens_generated = 1,
        receipt,
    });

    private async Task<(InferenceOutcome Outcome, PlacementJudgement Judgement)> AskUsAsync(string body)
    {
        _us.Then(ScriptedEndpoint.Reply(200, body));
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:Url"] = _us.Root.ToString() });
        var outcome = await host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call("US"), CancellationToken.None);
        return (outcome, PlacementCheck.Judge("US", outcome.Placement, outcome.ReportedRegion, outcome.PlacementDeclared));
    }

    [Fact]
    public async Task AnEndpointReportingAPlacementInsideItsRegionIsVerified()
    {
        var (outcome, judgement) = await AskUsAsync(Success("US", new { emulated = false, modal_region = "us-east4", placement = new { provider = "gcp", region = "us-east4" } }));

        Assert.Equal(new CloudPlacement("gcp", "us-east4"), outcome.Placement);
        Assert.Equal(PlacementVerdict.Verified, judgement.Verdict);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public async Task AnEndpointReportingAPlacementInAnotherRegionIsAMismatch()
    {
        var (outcome, judgement) = await AskUsAsync(Success("US", new { emulated = false, placement = new { provider = "aws", region = "eu-west-1" } }));

        Assert.Equal(new CloudPlacement("aws", "eu-west-1"), outcome.Placement);
        Assert.Equal(PlacementVerdict.Mismatch, judgement.Verdict);
        Assert.Equal("EU", judgement.Match?.BeaconRegion);
        Assert.True(judgement.RegionMismatch);
    }

    [Fact]
    public async Task AnEndpointReportingNoPlacementIsUnverified()
    {
        var (outcome, judgement) = await AskUsAsync(Success("US", new { emulated = false, modal_region = (string?)null }));

        Assert.Null(outcome.Placement);
        Assert.Equal(PlacementVerdict.Unverified, judgement.Verdict);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public async Task AnEndpointReportingAnUnknownCloudRegionIsUnverifiedAndTheRawValueIsKept()
    {
        var (outcome, judgement) = await AskUsAsync(Success("US", new { emulated = false, placement = new { provider = "aws", region = "us-gov-west-1" } }));

        Assert.Equal(new CloudPlacement("aws", "us-gov-west-1"), outcome.Placement);
        Assert.Equal(PlacementVerdict.Unverified, judgement.Verdict);
    }

    [Fact]
    public async Task AnOlderEndpointWithAnOldLabelAndOnlyModalRegionIsVerifiedWithoutAFalseMismatch()
    {
        var (outcome, judgement) = await AskUsAsync(Success("us-east", new { emulated = false, modal_region = "us-east-1" }));

        Assert.Equal("us-east", outcome.ReportedRegion);
        Assert.Equal(new CloudPlacement(null, "us-east-1"), outcome.Placement);
        Assert.Equal(PlacementVerdict.Verified, judgement.Verdict);
        Assert.False(judgement.RegionMismatch);
    }

    [Fact]
    public async Task AFailureCarriesThePlacementOfTheContainerThatFailed()
    {
        var (outcome, judgement) = await AskUsAsync(JsonSerializer.Serialize(new
        {
            success = false,
            error = "CUDA out of memory",
            error_code = "generation_error",
            region = "US",
            inference_time = 1.0,
            placement = new { provider = "oci", region = "us-chicago-1" },
        }));

        Assert.False(outcome.Answered);
        Assert.Equal(new CloudPlacement("oci", "us-chicago-1"), outcome.Placement);
        Assert.Equal(PlacementVerdict.Verified, judgement.Verdict);
    }

    [Fact]
    public async Task TheBeaconClientSendsItsBodyWithContentLengthToAServerThatRejectsChunkedBodies()
    {
        await using var server = ContentLengthOnlyServer.Start((_, _) => Success("US", new { emulated = false, placement = new { provider = "aws", region = "us-east-1" } }));
        using var host = Build(new() { ["Beacon:Endpoints:Regions:US:Url"] = server.Root.ToString() });

        var outcome = await host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call("US"), CancellationToken.None);

        Assert.True(outcome.Answered, outcome.ErrorMessage);
        var request = Assert.Single(server.Requests);
        Assert.Equal(200, request.Status);
        Assert.Equal(request.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), request.Headers["content-length"]);
        Assert.Equal("What is 2+2?", JsonDocument.Parse(request.Body).RootElement.GetProperty("prompt").GetString());
    }

    [Fact]
    public async Task TheOpenAiClientSendsItsBodyWithContentLengthAndItsRegionIsDeclared()
    {
        await using var server = ContentLengthOnlyServer.Start((_, _) => """
            {"id":"chatcmpl-1","object":"chat.completion","created":1700000000,"model":"remote",
             "choices":[{"index":0,"message":{"role":"assistant","content":"4"},"finish_reason":"stop"}],
             "usage":{"prompt_tokens":5,"completion_tokens":1,"total_tokens":6}}
            """);
        using var host = Build(new()
        {
            ["Beacon:Endpoints:OpenAi:strict:Region"] = "APAC",
            ["Beacon:Endpoints:OpenAi:strict:Model"] = "qwen2.5-1.5b",
            ["Beacon:Endpoints:OpenAi:strict:BaseUrl"] = server.Root + "v1",
            ["Beacon:Endpoints:OpenAi:strict:RemoteModel"] = "remote",
        });

        var outcome = await host.Services.GetRequiredService<IInferenceClient>().InferAsync(Call("APAC", "qwen2.5-1.5b"), CancellationToken.None);

        Assert.True(outcome.Answered, outcome.ErrorMessage);
        Assert.Equal("4", outcome.Response);
        var request = Assert.Single(server.Requests);
        Assert.Equal(200, request.Status);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Contains("What is 2+2?", request.Body, StringComparison.Ordinal);
        Assert.True(outcome.PlacementDeclared);
        Assert.Equal(PlacementVerdict.Declared, PlacementCheck.Judge("APAC", outcome.Placement, outcome.ReportedRegion, outcome.PlacementDeclared).Verdict);
    }

    [Fact]
    public async Task TheStrictServerReallyRejectsAChunkedBody()
    {
        await using var server = ContentLengthOnlyServer.Start((_, _) => "{}");
        using var http = new HttpClient();
        using var content = new StreamContent(new MemoryStream("{\"prompt\":\"x\"}"u8.ToArray()));
        content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Root) { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await http.SendAsync(request);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
    }
}
