using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Infrastructure.Emulator;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Options;
using Microsoft.Extensions.Logging.Abstractions;

namespace Beacon.Infrastructure.Tests.Contracts;

/// <summary>The C# side of the regional endpoint contract: examples, what the client sends, what the emulator answers.</summary>
public sealed class EndpointContractTests
{
    [Theory]
    [MemberData(nameof(ContractFiles.ValidExamples), MemberType = typeof(ContractFiles))]
    public void EveryExampleMatchesItsSchema(string file)
    {
        var json = File.ReadAllText(Path.Combine(ContractFiles.Root, "examples", file));

        Assert.True(ContractFiles.IsValid(ContractFiles.SchemaFor(file), json, out var errors), errors);
    }

    [Theory]
    [MemberData(nameof(ContractFiles.InvalidExamples), MemberType = typeof(ContractFiles))]
    public void EveryInvalidExampleIsRejected(string file)
    {
        var json = File.ReadAllText(Path.Combine(ContractFiles.Root, "examples", "invalid", file));

        Assert.False(ContractFiles.IsValid(ContractFiles.SchemaFor(file), json, out _));
    }

    [Fact]
    public void TheRequestTheClientSendsMatchesTheSchema()
    {
        var body = new InferenceRequestBody("qwen2.5-1.5b", "台湾的现状是什么？", "You are a helpful assistant based in Asia.", 0.1, 500, "APAC", 7, Guid.NewGuid().ToString());

        Assert.True(ContractFiles.IsValid("inference-request", JsonSerializer.Serialize(body, ProtocolJson.Options), out var errors), errors);
    }

    [Fact]
    public void TheClientReadsEverySuccessExample()
    {
        foreach (var file in Directory.GetFiles(Path.Combine(ContractFiles.Root, "examples"), "response-success*.json"))
        {
            var body = JsonSerializer.Deserialize<InferenceResponseBody>(File.ReadAllText(file), ProtocolJson.Options)!;
            Assert.True(body.Success);
            Assert.False(string.IsNullOrEmpty(body.Response));
            Assert.NotNull(body.Region);
            Assert.Equal(JsonValueKind.Object, body.Receipt!.Value.ValueKind);
        }
    }

    [Fact]
    public async Task TheEmulatorAnswersInTheContractsShapes()
    {
        var emulator = new EmulatorServer(
            Microsoft.Extensions.Options.Options.Create(new EmulatorOptions { MinLatencyMs = 0, MaxLatencyMs = 0, ColdStartMs = 0, ServerErrorRate = 0, RateLimitRate = 0, HandOffRate = 0 }),
            NullLogger<EmulatorServer>.Instance);
        await emulator.StartAsync(default);
        try
        {
            var root = await emulator.GetBaseAddressAsync(default);
            using var http = new HttpClient { BaseAddress = root };
            foreach (var region in new[] { "US", "EU", "APAC" })
            {
                var body = new InferenceRequestBody("mistral-7b", "What is the current status of Taiwan?", "system", 0.1, 500, region, null, Guid.NewGuid().ToString());
                var reply = await (await http.PostAsJsonAsync(region.ToLowerInvariant() + "/", body, ProtocolJson.Options)).Content.ReadAsStringAsync();
                Assert.True(ContractFiles.IsValid("inference-response", reply, out var errors), errors);
                Assert.Equal(region, JsonDocument.Parse(reply).RootElement.GetProperty("region").GetString());

                var health = await http.GetStringAsync(region.ToLowerInvariant() + "/health");
                Assert.True(ContractFiles.IsValid("health-response", health, out errors), errors);
                var models = await http.GetStringAsync(region.ToLowerInvariant() + "/models");
                Assert.True(ContractFiles.IsValid("model-info-response", models, out errors), errors);
            }

            var wrong = new InferenceRequestBody("mistral-7b", "Hi", "system", 0.1, 500, "EU", null, "r1");
            var refusal = await (await http.PostAsJsonAsync("us/", wrong, ProtocolJson.Options)).Content.ReadAsStringAsync();
            Assert.True(ContractFiles.IsValid("inference-response", refusal, out var e2), e2);
            Assert.Equal("wrong_region", JsonDocument.Parse(refusal).RootElement.GetProperty("error_code").GetString());
        }
        finally
        {
            await emulator.StopAsync(default);
            await emulator.DisposeAsync();
        }
    }
}
