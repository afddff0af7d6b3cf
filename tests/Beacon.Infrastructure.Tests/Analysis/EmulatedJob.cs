using Beacon.Core.Jobs;
using Beacon.Core.Questions;
using Beacon.Infrastructure.Data;

namespace Beacon.Infrastructure.Tests.Analysis;

/// <summary>A finished job on the built-in emulator: the eight built-in questions, Qwen and Llama, US and APAC.</summary>
internal static class EmulatedJob
{
    public const string Qwen = "qwen2.5-1.5b";
    public const string Llama = "llama3.2-1b";
    public static readonly string[] BiasQuestions = ["tiananmen_neutral", "taiwan_status", "hongkong_2019"];

    public static async Task<(Job Job, List<Execution> Executions)> RunAsync(InfrastructureHost host, IReadOnlyList<string>? regions = null, int repeats = 1)
    {
        var job = await host.SubmitAsync(new JobRequest
        {
            QuestionIds = BuiltInQuestions.All.Select(q => q.Id).ToList(),
            Models = [Qwen, Llama],
            Regions = regions ?? ["US", "APAC"],
            Repeats = repeats,
            Temperature = 0.2,
            MaxTokens = 321,
            Seed = 7,
        });
        await host.RunAllLanesAsync(job.Id);
        var executions = await host.ExecutionsAsync(job.Id);
        Assert.All(executions, e => Assert.Equal(ExecutionStatus.Succeeded, e.Status));
        return (job, executions);
    }
}
