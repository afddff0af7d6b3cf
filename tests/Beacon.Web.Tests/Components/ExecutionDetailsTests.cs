using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Web.Components.Executions;
using Bunit;

namespace Beacon.Web.Tests.Components;

public sealed class ExecutionDetailsTests : MudTestContext
{
    [Fact]
    public void AnAttemptWithSeveralRequestsListsEachRequestsStatusOrError()
    {
        const string attempts = """
            [{"attempt":1,"outcome":"succeeded","seconds":4.2,"http_status":200,"http_requests":5,"error_code":null,
              "requests":[{"method":"POST","status":503,"error":null,"seconds":0.2},{"method":"POST","status":null,"error":"timeout or cancelled: no response","seconds":1.5},
                          {"method":"POST","status":429,"error":null,"seconds":0.1},{"method":"POST","status":303,"error":null,"seconds":0.3},{"method":"GET","status":200,"error":null,"seconds":2.1}]},
             {"attempt":2,"outcome":"succeeded","seconds":1.0,"http_status":200,"http_requests":1,
              "requests":[{"method":"POST","status":200,"error":null,"seconds":1.0}]}]
            """;
        var execution = new Execution
        {
            Id = 7,
            JobId = Guid.CreateVersion7(),
            QuestionId = "taiwan_status",
            ModelId = "qwen2.5-1.5b",
            Region = "APAC",
            Status = ExecutionStatus.Succeeded,
            ResponseText = "Taiwan is self-governed.",
            AttemptCount = 2,
            Attempts = attempts,
        };

        var cut = Render<ExecutionDetails>(p => p.Add(c => c.Execution, execution));

        var requests = cut.FindAll("[data-testid='requests-7-1'] li");
        Assert.Equal(5, requests.Count);
        Assert.Contains("503", requests[0].TextContent, StringComparison.Ordinal);
        Assert.Contains("no response", requests[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("timeout", requests[1].TextContent, StringComparison.Ordinal);
        Assert.Contains("429", requests[2].TextContent, StringComparison.Ordinal);
        Assert.Contains("GET", requests[4].TextContent, StringComparison.Ordinal);
        Assert.Equal(3, cut.FindAll("[data-testid='requests-7-1'] li.beacon-request-failed").Count);
        // A clean single request needs no list.
        Assert.Empty(cut.FindAll("[data-testid='requests-7-2']"));
    }
}
