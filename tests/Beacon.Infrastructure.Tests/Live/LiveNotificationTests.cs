using System.Text;
using System.Text.Json;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Services;

namespace Beacon.Infrastructure.Tests.Live;

public sealed class LiveNotificationTests
{
    private static ExecutionRow Row(long id) => new(
        id, "tiananmen_neutral", "qwen2.5-1.5b", "APAC", (int)(id % 5), ExecutionStatus.Succeeded, 2, 1.234, "APAC", false, "Refusal",
        null, true, new DateTimeOffset(2026, 11, 29, 12, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 29, 12, 0, 1, 500, TimeSpan.Zero),
        1.5, 0.000457123m);

    [Fact]
    public void RowsTravelWhole()
    {
        var jobId = Guid.NewGuid();
        var rows = new[]
        {
            Row(1),
            Row(2) with { Status = ExecutionStatus.Failed, Classification = null, ErrorCode = "http_503", ReportedRegion = "US", RegionMismatch = true },
            Row(3) with { Status = ExecutionStatus.Running, InferenceSeconds = null, CompletedAt = null, BilledSeconds = null, CostUsd = null, QuestionId = "问题_1" },
        };

        var payload = Assert.Single(LiveNotification.RowPayloads(jobId, rows, 7000));
        using var json = JsonDocument.Parse(payload);
        var (readJob, ids, readRows) = LiveNotification.ReadExecutions(json.RootElement);

        Assert.Equal(jobId, readJob);
        Assert.Equal([1L, 2L, 3L], ids);
        Assert.Equal(rows, readRows);
    }

    [Fact]
    public void ManyRowsAreSplitBelowPostgreSqlsPayloadLimitAndNoneIsLost()
    {
        var jobId = Guid.NewGuid();
        var rows = Enumerable.Range(1, 500).Select(i => Row(i)).ToList();

        var payloads = LiveNotification.RowPayloads(jobId, rows, 7000);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 7000));
        var read = payloads.SelectMany(p =>
        {
            using var json = JsonDocument.Parse(p);
            var (_, ids, r) = LiveNotification.ReadExecutions(json.RootElement);
            Assert.Equal(ids, r.Select(x => x.Id));
            return r;
        }).ToList();
        Assert.Equal(rows, read);
    }

    [Fact]
    public void APayloadOfIdsOnlyHasNoRows()
    {
        var jobId = Guid.NewGuid();
        using var json = JsonDocument.Parse($$"""{"jobId":"{{jobId}}","ids":[7,8]}""");

        var (readJob, ids, rows) = LiveNotification.ReadExecutions(json.RootElement);

        Assert.Equal(jobId, readJob);
        Assert.Equal([7L, 8L], ids);
        Assert.Empty(rows);
    }
}
