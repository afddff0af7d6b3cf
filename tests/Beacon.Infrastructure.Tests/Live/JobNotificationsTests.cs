using System.Text;
using Beacon.Core.Jobs;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Live;

namespace Beacon.Infrastructure.Tests.Live;

public sealed class JobNotificationsTests
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

        var payload = Assert.Single(JobNotifications.ExecutionsPayloads(jobId, rows, 7000));
        var read = JobNotifications.ReadExecutions(payload);

        Assert.Equal(jobId, read.JobId);
        Assert.Equal([1L, 2L, 3L], read.Ids);
        Assert.Equal(rows, read.Rows);
    }

    [Fact]
    public void ManyRowsAreSplitBelowPostgreSqlsPayloadLimitAndNoneIsLost()
    {
        var jobId = Guid.NewGuid();
        var rows = Enumerable.Range(1, 500).Select(i => Row(i)).ToList();

        var payloads = JobNotifications.ExecutionsPayloads(jobId, rows, 7000);

        Assert.True(payloads.Count > 1);
        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, 7000));
        var read = payloads.SelectMany(p =>
        {
            var r = JobNotifications.ReadExecutions(p);
            Assert.Equal(r.Ids, r.Rows.Select(x => x.Id));
            return r.Rows;
        }).ToList();
        Assert.Equal(rows, read);
    }

    [Fact]
    public void APayloadOfIdsOnlyHasNoRows()
    {
        var jobId = Guid.NewGuid();

        var read = JobNotifications.ReadExecutions($$"""{"jobId":"{{jobId}}","ids":[7,8]}""");

        Assert.Equal(jobId, read.JobId);
        Assert.Equal([7L, 8L], read.Ids);
        Assert.Empty(read.Rows);
    }

    [Fact]
    public void IdsWithoutRowsTravelWholeInPayloadsOfAtMost400()
    {
        var jobId = Guid.NewGuid();
        var ids = Enumerable.Range(1, 1000).Select(i => (long)i * 1_000_003).ToList();

        var payloads = JobNotifications.ExecutionsPayloads(jobId, ids);

        Assert.Equal(3, payloads.Count);
        Assert.All(payloads, p => Assert.InRange(Encoding.UTF8.GetByteCount(p), 1, JobNotifications.MaxPayloadBytes));
        var events = payloads.Select(p => JobNotifications.Read(JobNotifications.ExecutionsChannel, p)!).ToList();
        Assert.All(events, e => Assert.Equal(jobId, e.JobId));
        Assert.All(events, e => Assert.Empty(e.Rows));
        Assert.All(events, e => Assert.InRange(e.ExecutionIds.Count, 1, 400));
        Assert.Equal(ids, events.SelectMany(e => e.ExecutionIds));
    }

    [Fact]
    public void AnIdsOnlyPayloadKeepsItsWireFormat()
    {
        var jobId = Guid.Parse("0190a5c4-0000-7000-8000-000000000001");

        var payload = Assert.Single(JobNotifications.ExecutionsPayloads(jobId, [5L, 6L]));

        // Other processes (an older build during a rolling deploy, scripts) read this format.
        Assert.Equal("""{"jobId":"0190a5c4-0000-7000-8000-000000000001","ids":[5,6]}""", payload);
    }

    [Fact]
    public void TheExecutionsChannelBecomesAnEventCarryingTheRows()
    {
        var jobId = Guid.NewGuid();
        var rows = new[] { Row(4), Row(9) with { Status = ExecutionStatus.Cancelled } };

        var e = JobNotifications.Read(JobNotifications.ExecutionsChannel, Assert.Single(JobNotifications.ExecutionsPayloads(jobId, rows, 7000)));

        Assert.NotNull(e);
        Assert.Equal(jobId, e.JobId);
        Assert.Equal([4L, 9L], e.ExecutionIds);
        Assert.Equal(rows, e.Rows);
        Assert.Null(e.Status);
        Assert.Null(e.Lane);
        Assert.False(e.Resync);
    }

    [Fact]
    public void AJobStatusTravelsWhole()
    {
        var jobId = Guid.Parse("0190a5c4-0000-7000-8000-000000000002");

        var payload = JobNotifications.Write(new JobPayload(jobId, nameof(JobStatus.Completed), null));
        var read = JobNotifications.ReadJob(payload);
        var e = JobNotifications.Read(JobNotifications.JobsChannel, payload);

        Assert.Equal("""{"jobId":"0190a5c4-0000-7000-8000-000000000002","status":"Completed"}""", payload);
        Assert.Equal(new JobPayload(jobId, "Completed", null), read);
        Assert.NotNull(e);
        Assert.Equal(jobId, e.JobId);
        Assert.Equal("Completed", e.Status);
        Assert.Null(e.Lane);
        Assert.Empty(e.ExecutionIds);
    }

    [Fact]
    public void ALaneStageTravelsWhole()
    {
        var jobId = Guid.Parse("0190a5c4-0000-7000-8000-000000000003");
        var lane = new LaneEvent("mistral-7b", "EU", nameof(LaneStage.WarmingUp));

        var payload = JobNotifications.Write(new JobPayload(jobId, null, lane));
        var e = JobNotifications.Read(JobNotifications.JobsChannel, payload);

        Assert.Equal("""{"jobId":"0190a5c4-0000-7000-8000-000000000003","lane":{"model":"mistral-7b","region":"EU","stage":"WarmingUp"}}""", payload);
        Assert.Equal(new JobPayload(jobId, null, lane), JobNotifications.ReadJob(payload));
        Assert.NotNull(e);
        Assert.Equal(lane, e.Lane);
        Assert.Null(e.Status);
    }

    [Fact]
    public void AnotherChannelIsNotBeacons()
    {
        Assert.Null(JobNotifications.Read("someone_else", """{"jobId":"0190a5c4-0000-7000-8000-000000000003"}"""));
    }

    [Fact]
    public void AMalformedPayloadIsRefusedWithAnErrorTheListenerIgnores()
    {
        Assert.Throws<KeyNotFoundException>(() => JobNotifications.Read(JobNotifications.ExecutionsChannel, """{"ids":[1]}"""));
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => JobNotifications.Read(JobNotifications.JobsChannel, "not json"));
        Assert.Throws<FormatException>(() => JobNotifications.Read(JobNotifications.JobsChannel, """{"jobId":"nope","status":"Running"}"""));
    }
}
