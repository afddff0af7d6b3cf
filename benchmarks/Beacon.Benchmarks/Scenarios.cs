using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Beacon.Tests.Shared;

namespace Beacon.Benchmarks;

/// <summary>
/// Each scenario starts Beacon for real (the built Beacon.Web.dll) on a fresh database. The emulated endpoints run in a
/// separate Beacon process, so the CPU measured for the Beacon under test is Beacon's own orchestration.
/// </summary>
public sealed class Scenarios(string adminConnectionString, Action<string> log)
{
    private static readonly string[] Models = ["llama3.2-1b", "mistral-7b", "qwen2.5-1.5b"];
    private static readonly string[] Regions = ["US", "EU", "APAC"];
    private static readonly string[] Questions =
        ["math_basic", "geography_basic", "identity_basic", "tiananmen_neutral", "taiwan_status", "hongkong_2019", "greatest_invention", "greatest_leader"];

    public async Task<List<Measurement>> ThroughputAsync(int executions)
    {
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs: 0);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency: 48);
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(5));

        // Warm-up: one small job first, so the figures are the steady state and not the first job's JIT and EF query
        // compilation (a one-off of a few CPU seconds per process start).
        var warmCpu = beacon.CpuTime;
        await WaitForFinalAsync(db, await SubmitAsync(http, 1), TimeSpan.FromMinutes(5));
        log($"throughput: warm-up job (72 executions) used {(beacon.CpuTime - warmCpu).TotalSeconds:F1} s of CPU");

        await using var database = PostgresCpu.Start(db.ConnectionString);
        var cpuBefore = beacon.CpuTime;
        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(http, repeats);
        var toCreated = clock.Elapsed;
        var status = await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        var total = clock.Elapsed;
        var cpu = beacon.CpuTime - cpuBefore;
        var databaseCpu = await database.StopAsync();
        var cells = 72 * repeats;
        log($"throughput: {cells} executions {status} in {total.TotalSeconds:F1}s (201 after {toCreated.TotalMilliseconds:F0} ms), " +
            $"Beacon CPU {cpu.TotalSeconds:F1}s, PostgreSQL CPU {databaseCpu.TotalSeconds:F1}s");

        var perSecond = cells / total.TotalSeconds;
        var cpuPerExecution = cpu.TotalMilliseconds / cells;
        var databaseCpuPerExecution = databaseCpu.TotalMilliseconds / cells;
        return
        [
            new("1. throughput, zero latency", $"executions/s ({cells} executions, submission to last row committed)", perSecond, "/s", ">= 1000", perSecond >= 1000),
            new("1. throughput, zero latency", "Beacon CPU per execution (web + worker process)", cpuPerExecution, "ms", "< 1 ms", cpuPerExecution < 1),
            new("1. throughput, zero latency", "PostgreSQL CPU per execution (backends of the benchmark's database)", databaseCpuPerExecution, "ms", "", null),
            new("1. throughput, zero latency", "Beacon + PostgreSQL CPU per execution (the emulated endpoints excluded)", cpuPerExecution + databaseCpuPerExecution, "ms", "", null),
        ];
    }

    public async Task<List<Measurement>> LatencyEfficiencyAsync(int latencyMs, int concurrency, int repeats)
    {
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        var emulator = await StartEmulatorAsync(db, latencyMs);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency);
        using var http = await beacon.CreateAdminClientAsync();

        // Warm-up: one small job, so the figure is Beacon's steady state and not a fresh process's JIT and first queries.
        // Then the emulator is restarted on the same port, so the measured job meets cold endpoints and makes its
        // warm-up calls, as a new job does against scaled-to-zero Modal apps.
        await WaitForFinalAsync(db, await SubmitAsync(http, 1), TimeSpan.FromMinutes(5));
        await emulator.DisposeAsync();
        emulator = await StartEmulatorAsync(db, latencyMs, EmulatorPort);
        await using var coldEmulator = emulator;
        await PrimeEmulatorAsync();

        var clock = Stopwatch.StartNew();
        var id = await SubmitAsync(http, repeats);
        await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        var actual = clock.Elapsed.TotalSeconds;
        var cells = 72 * repeats;
        // Each lane also makes one warm-up call per (model, region) before its cells.
        var ideal = cells * (latencyMs / 1000.0) / (concurrency * Regions.Length);
        var ratio = actual / ideal;
        // Where the time went: before the first call started (Hangfire pickup, lane start, warm-up) and the span of calls.
        var times = await db.ExecutionTimesAsync(id);
        var firstStart = (await db.ScalarAsync<DateTime>("SELECT min(started_at) FROM executions WHERE job_id = @id", id)).ToUniversalTime();
        var created = (await db.ScalarAsync<DateTime>("SELECT created_at FROM jobs WHERE id = @id", id)).ToUniversalTime();
        var lastDone = times.Max(t => t.CompletedAt)!.Value.UtcDateTime;
        var beforeFirst = (firstStart - created).TotalSeconds;
        var span = (lastDone - firstStart).TotalSeconds;
        // The start broken down: Hangfire picking the lanes up, then each lane's health check and warm-up call.
        var pickup = (await db.ScalarAsync<DateTime>("SELECT min(warmup_started_at) FROM job_lanes WHERE job_id = @id", id)).ToUniversalTime();
        var lastPickup = (await db.ScalarAsync<DateTime>("SELECT max(warmup_started_at) FROM job_lanes WHERE job_id = @id", id)).ToUniversalTime();
        var warmup = await db.ScalarAsync<double>("SELECT max(warmup_seconds) FROM job_lanes WHERE job_id = @id", id);
        log($"latency: {cells} executions at {latencyMs} ms, C={concurrency}: {actual:F1}s vs ideal {ideal:F1}s; submission to first call {beforeFirst:F2}s " +
            $"(to first lane picked up {(pickup - created).TotalSeconds:F2}s, last {(lastPickup - created).TotalSeconds:F2}s; longest warm-up {warmup:F2}s), " +
            $"first call to last answer {span:F1}s");
        return
        [
            new("2. efficiency with latency", $"actual / ideal makespan (L={latencyMs} ms, C={concurrency}/region, {cells} executions, ideal {ideal:F1} s)", ratio, "x", "<= 1.10", ratio <= 1.10),
            new("2. efficiency with latency", "first call to last answer / ideal (the calls alone)", span / ideal, "x", "", null),
            new("2. efficiency with latency", "submission to first call started (pickup, lane start, warm-up call)", beforeFirst, "s", "", null),
        ];
    }

    public async Task<List<Measurement>> SubmissionAsync(int executions, int runs)
    {
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var beacon = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Jobs:MaxRepeats"] = "1000",
        });
        using var http = await beacon.CreateAdminClientAsync();
        await SubmitAsync(http, 1); // first request pays JIT and connection set-up
        var times = new List<double>();
        for (var i = 0; i < runs; i++)
        {
            var clock = Stopwatch.StartNew();
            await SubmitAsync(http, repeats);
            times.Add(clock.Elapsed.TotalMilliseconds);
        }
        times.Sort();
        var median = times[times.Count / 2];
        log($"submission: {72 * repeats} cells, time to 201: {string.Join(", ", times.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        return [new("5. submission", $"time to 201 for {72 * repeats} cells (median of {runs})", median, "ms", "(no target)", null)];
    }

    /// <summary>
    /// Scenario 3 (and issue #3's responsiveness): a real headless Chromium opens the job page of a running job right
    /// after submission, and JobPageProbe timestamps what becomes visible. Commit times come from CommitRecorder (a LISTEN
    /// on the writer's channel: PostgreSQL delivers it at COMMIT). Both clocks are this machine's; the page clock's
    /// offset is measured. A row counts only if it was committed after the page's interactive render.
    /// </summary>
    public async Task<List<Measurement>> LivePushAsync(int executions, int latencyMs, int concurrency)
    {
        const string Watched = "hongkong_2019"; // 6th of 8 questions: its cells run late, after the page is open
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency);
        await using var browser = await JobPageProbe.StartAsync();
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(5));

        // Warm-up: a small job and its page, so the figures are not the first request's JIT.
        var warm = await SubmitAsync(http, 1);
        var warmPage = await browser.NewPageAsync(beacon.Url);
        await JobPageProbe.OpenJobAsync(warmPage, beacon.Url, warm);
        await WaitForFinalAsync(db, warm, TimeSpan.FromMinutes(5));
        await warmPage.Context.CloseAsync();

        await using var commits = await CommitRecorder.StartAsync(db.ConnectionString);
        var id = await SubmitAsync(http, repeats);
        var page = await browser.NewPageAsync(beacon.Url);
        // How busy the page's main thread (script, style, layout, paint) is while the job runs, from Chromium's own counters.
        var metrics = await page.Context.NewCDPSessionAsync(page);
        await metrics.SendAsync("Performance.enable");
        var (firstRenderMs, interactiveMs) = await JobPageProbe.OpenJobAsync(page, beacon.Url, id);
        var (busyBefore, busyClock) = (await JobPageProbe.MainThreadBusySecondsAsync(metrics), Stopwatch.StartNew());
        var (offset, uncertainty) = await JobPageProbe.ClockOffsetAsync(page);
        var interactiveHost = await page.EvaluateAsync<double>("() => window.__beaconProbe.interactiveAt") - offset;

        // Open the watched question's cell of one column (model x region: its repeats open in place below the row), close
        // it, open it again, spaced out over the run. "Open" means its first repeats are on screen.
        var cellsShown = Math.Min(repeats, 20);
        var row = $"[data-testid=\"matrix-cell-{Watched}-qwen2.5-1.5b-APAC\"]";
        var cells = "[data-testid=\"matrix-open\"] [data-execution-id]";
        var expandTimes = new List<double>();
        for (var i = 0; i < 3; i++)
        {
            expandTimes.Add(await JobPageProbe.ClickAndWaitAsync(page, row, cells, cellsShown));
            if (i < 2)
            {
                await Task.Delay(1500);
                await JobPageProbe.ClickAndWaitAsync(page, row, cells, 0);
                await Task.Delay(500);
            }
        }
        var statusAtExpand = await db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", id);

        var status = await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        var busy = (await JobPageProbe.MainThreadBusySecondsAsync(metrics) - busyBefore) / busyClock.Elapsed.TotalSeconds;
        await Task.Delay(2000); // the last batch reaches the page
        var probe = await JobPageProbe.ReadLogAsync(page);
        var committed = commits.Snapshot();
        var finished = await db.ExecutionTimesAsync(id);

        // Header: the n-th succeeded row (in commit order) is visible once the count first shows >= n.
        var succeededCommits = finished.Where(f => f.Status == "Succeeded" && committed.ContainsKey(f.Id))
            .Select(f => JobPageProbe.UnixMs(committed[f.Id])).Order().ToList();
        var headerLatencies = new List<double>();
        var shown = 0;
        foreach (var (value, at) in probe.Counts)
        {
            for (var n = shown + 1; n <= Math.Min(value, succeededCommits.Count); n++)
            {
                if (succeededCommits[n - 1] > interactiveHost)
                {
                    headerLatencies.Add(at - offset - succeededCommits[n - 1]);
                }
            }
            shown = Math.Max(shown, value);
        }

        // Rows on screen: the status of the row itself turned terminal.
        var completedAt = finished.ToDictionary(f => f.Id, f => f.CompletedAt);
        var rowLatencies = new List<double>();
        var rowFromFinish = new List<double>();
        foreach (var (executionId, at) in probe.Rows)
        {
            if (committed.TryGetValue(executionId, out var commit) && JobPageProbe.UnixMs(commit) > interactiveHost)
            {
                rowLatencies.Add(at - offset - JobPageProbe.UnixMs(commit));
                if (completedAt.GetValueOrDefault(executionId) is { } done)
                {
                    rowFromFinish.Add(at - offset - JobPageProbe.UnixMs(done.UtcDateTime));
                }
            }
        }
        log($"push: {72 * repeats} executions {status}; page interactive after {interactiveMs:F0} ms; clock offset {offset:F1} ± {uncertainty:F1} ms; " +
            $"{probe.Counts.Count} header updates, {headerLatencies.Count} header samples, {rowLatencies.Count} row samples; expand {string.Join(", ", expandTimes.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms (job {statusAtExpand})");

        var scenario = $"3. live push (L={latencyMs} ms, C={concurrency}/region, {72 * repeats} executions)";
        var result = new List<Measurement>
        {
            new(scenario, $"commit -> header count visible, p50 ({headerLatencies.Count} rows, {probe.Counts.Count} header updates)", Percentile(headerLatencies, 50), "ms", "", null),
            new(scenario, "commit -> header count visible, p95", Percentile(headerLatencies, 95), "ms", "< 250 ms", Percentile(headerLatencies, 95) < 250),
            new(scenario, $"commit -> open row's status visible, p50 ({rowLatencies.Count} rows of {Watched} on screen)", Percentile(rowLatencies, 50), "ms", "", null),
            new(scenario, "commit -> open row's status visible, p95", Percentile(rowLatencies, 95), "ms", "< 250 ms", Percentile(rowLatencies, 95) < 250),
            new(scenario, "cell finished (completed_at) -> open row visible, p95 (adds the writer's batching)", Percentile(rowFromFinish, 95), "ms", "", null),
            new(scenario, "browser main thread busy while the job runs (Chromium's TaskDuration / wall time)", busy * 100, "%", "", null),
            new("#3 job page, job running", $"navigation -> prerendered header ({72 * repeats} executions)", firstRenderMs, "ms", "", null),
            new("#3 job page, job running", "navigation -> interactive (live page rendered by the circuit)", interactiveMs, "ms", "", null),
            new("#3 job page, job running", $"click -> matrix cell ({repeats} repeats) open, {cellsShown} repeats on screen, median of 3", expandTimes.Order().ElementAt(1), "ms", "", null),
            new("#3 job page, job running", "click -> matrix cell open, slowest of 3", expandTimes.Max(), "ms", "", null),
        };
        await page.Context.CloseAsync();
        return result;
    }

    /// <summary>
    /// Scenario 4: the server's memory with no page open and with N pages (each its own browser context, so its own
    /// circuit) open on a finished 12,600-execution job. Each measurement first induces a full GC in the server.
    /// </summary>
    public async Task<List<Measurement>> MemoryAsync(int executions, int pages)
    {
        var repeats = (int)Math.Ceiling(executions / 72.0);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs: 0);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency: 48);
        await using var browser = await JobPageProbe.StartAsync();
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(5));

        var id = await SubmitAsync(http, repeats);
        await WaitForFinalAsync(db, id, TimeSpan.FromMinutes(20));
        // One page opened and closed first: the code paths are loaded and JIT-compiled before the baseline.
        var warm = await browser.NewPageAsync(beacon.Url);
        await JobPageProbe.OpenJobAsync(warm, beacon.Url, id);
        await warm.Context.CloseAsync();
        await Task.Delay(3000);
        var before = await RuntimeCounters.MeasureAsync(beacon.ProcessId);

        var open = new List<Microsoft.Playwright.IPage>();
        var interactive = new List<double>();
        for (var i = 0; i < pages; i++)
        {
            var page = await browser.NewPageAsync(beacon.Url);
            interactive.Add((await JobPageProbe.OpenJobAsync(page, beacon.Url, id)).InteractiveMs);
            open.Add(page);
        }
        await Task.Delay(3000);
        var after = await RuntimeCounters.MeasureAsync(beacon.ProcessId);
        foreach (var page in open)
        {
            await page.Context.CloseAsync();
        }
        var cells = 72 * repeats;
        log($"memory: {cells} executions; before {before}; with {pages} pages {after}; interactive after {string.Join(", ", interactive.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms");
        var scenario = $"4. memory ({cells}-execution job page)";
        return
        [
            new(scenario, "server working set, no page open (after a full GC)", before.WorkingSetMb, "MiB", "", null),
            new(scenario, $"server working set, {pages} job pages open", after.WorkingSetMb, "MiB", "", null),
            new(scenario, "server managed heap after full GC, no page open", before.GcHeapAfterFullGcMb, "MiB", "", null),
            new(scenario, $"per circuit: managed heap (({pages} open - none) / {pages})", (after.GcHeapAfterFullGcMb - before.GcHeapAfterFullGcMb) / pages, "MiB", "", null),
            new(scenario, $"per circuit: working set (({pages} open - none) / {pages})", (after.WorkingSetMb - before.WorkingSetMb) / pages, "MiB", "", null),
            new("#3 job page, job finished", $"navigation -> interactive, median of {pages} ({cells} executions)", interactive.Order().ElementAt(interactive.Count / 2), "ms", "", null),
        ];
    }

    private static double Percentile(List<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }
        var sorted = values.Order().ToList();
        var rank = (int)Math.Ceiling(p / 100 * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>
    /// Export streaming: a job of <paramref name="executions"/> finished executions (a 72-cell job submitted with the
    /// worker off, then the rest inserted as finished cells with answers of a realistic length, English and Chinese),
    /// exported over HTTP as CSV and as JSONL; rows/s from the request to the last byte read.
    /// </summary>
    public async Task<List<Measurement>> ExportAsync(int executions)
    {
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var beacon = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(10));
        var id = await SubmitAsync(http, 1);
        await db.ExecuteAsync(
            """
            UPDATE executions SET status = 'Succeeded', response_text = 'A short answer.', classification = 'Answered',
                   classifier_version = 'bench', started_at = now(), completed_at = now(), attempt_count = 1
            WHERE job_id = @id
            """, id);
        await db.ExecuteAsync(
            $"""
            INSERT INTO executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt,
                                    response_text, classification, classifier_version, classification_rule, attempt_count,
                                    tokens_generated, inference_seconds, started_at, completed_at, emulated)
            SELECT @id, 'bulk-' || (g / 9), (ARRAY['llama3.2-1b', 'mistral-7b', 'qwen2.5-1.5b'])[g % 3 + 1],
                   (ARRAY['US', 'EU', 'APAC'])[(g / 3) % 3 + 1], (ARRAY['US', 'EU', 'APAC'])[(g / 3) % 3 + 1], 0, 'Succeeded',
                   'Describe the events of June 1989 in Beijing, in two paragraphs.', 'You are a helpful assistant.',
                   CASE WHEN g % 4 = 0 THEN '抱歉，我无法回答这个问题。我们可以谈谈别的话题。'
                        ELSE repeat('In 1989, students gathered in the square to call for reform; ', 6) END,
                   'Answered', 'bench', 'rule', 1, 180, 0.42, now(), now(), true
            FROM generate_series(1, {executions - 72}) AS g
            """, id);
        await db.ExecuteAsync("ANALYZE executions", id);

        var results = new List<Measurement>();
        // Warm-up: the export code paths are JIT-compiled before the measured downloads.
        await ReadExportAsync(http, id, "csv");
        foreach (var format in new[] { "csv", "jsonl" })
        {
            var clock = Stopwatch.StartNew();
            var bytes = await ReadExportAsync(http, id, format);
            var seconds = clock.Elapsed.TotalSeconds;
            log($"export: {executions} executions as {format}, {bytes / 1e6:F1} MB in {seconds:F2} s");
            results.Add(new("6. export streaming", $"{format} rows/s ({executions} executions, {bytes / 1e6:F0} MB, request to last byte)",
                executions / seconds, "/s", ">= 100000", executions / seconds >= 100_000));
        }
        return results;
    }

    /// <summary>
    /// Scenario 7 (issue 18): a job of about <paramref name="executions"/> executions, as researchers run them: an imported
    /// question set of 1,400 questions (English and Chinese, 40 categories) x 3 models x 3 regions x N repeats, against the
    /// zero-latency emulator in its own process, with live notifications on (every batch notifies inside its transaction
    /// and the listener publishes it in-process). Submission, end-to-end rate, statistics, export, the server's peak memory,
    /// the database's size and both processes' CPU per execution.
    /// </summary>
    public async Task<List<Measurement>> MillionAsync(int executions)
    {
        const int QuestionCount = 1_400;
        var repeats = (int)Math.Ceiling(executions / (QuestionCount * 9.0));
        var cells = QuestionCount * 9 * repeats;
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var emulator = await StartEmulatorAsync(db, latencyMs: 0);
        await using var beacon = await StartBeaconAsync(db, emulator, concurrency: 48, new Dictionary<string, string?>
        {
            ["Beacon:Jobs:MaxExecutions"] = cells.ToString(CultureInfo.InvariantCulture),
        });
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(30));

        var csv = new System.Text.StringBuilder("id,category,text,language\n");
        for (var i = 1; i <= QuestionCount; i++)
        {
            var chinese = i % 5 == 0;
            var text = chinese ? $"第{i}题：请描述{1900 + i % 120}年发生的政治事件及其影响。" : $"Question {i}: what happened in {1900 + i % 120}, and why does it still matter politically?";
            csv.Append(CultureInfo.InvariantCulture, $"m-{i:D4},topic-{i % 40:D2},\"{text}\",{(chinese ? "zh-Hans" : "en")}\n");
        }
        using (var import = await http.PostAsync("api/datasets?name=Million%20benchmark&format=csv",
            new StringContent(csv.ToString(), System.Text.Encoding.UTF8, "text/csv")))
        {
            if (!import.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"Import failed: {(int)import.StatusCode} {await import.Content.ReadAsStringAsync()}");
            }
        }
        var questionIds = Enumerable.Range(1, QuestionCount).Select(i => $"m-{i:D4}").ToArray();

        // Warm-up: a small job, its statistics and export, so the figures are the steady state and not the first JIT.
        var warm = await SubmitAsync(http, 1);
        await WaitForFinalAsync(db, warm, TimeSpan.FromMinutes(5));
        (await http.GetAsync($"api/jobs/{warm}/statistics")).EnsureSuccessStatusCode();
        await ReadExportAsync(http, warm, "csv");

        await using var database = PostgresCpu.Start(db.ConnectionString);
        var cpuBefore = beacon.CpuTime;
        long peakWorkingSet = 0;
        using var sampling = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!sampling.IsCancellationRequested)
            {
                peakWorkingSet = Math.Max(peakWorkingSet, beacon.WorkingSetBytes);
                try { await Task.Delay(200, sampling.Token); } catch (OperationCanceledException) { }
            }
        });
        var clock = Stopwatch.StartNew();
        var response = await http.PostAsJsonAsync("api/jobs", new { name = "million", questionIds, models = Models, regions = Regions, repeats });
        var submitSeconds = clock.Elapsed.TotalSeconds;
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Submission failed: {(int)response.StatusCode} {body}");
        }
        var id = JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
        log($"million: {cells:N0} executions submitted in {submitSeconds:F1} s");
        var status = await WaitForFinalAsync(db, id, TimeSpan.FromHours(2));
        var runSeconds = clock.Elapsed.TotalSeconds;
        var beaconCpu = beacon.CpuTime - cpuBefore;
        var databaseCpu = await database.StopAsync();
        log($"million: {status} after {runSeconds:F0} s; Beacon CPU {beaconCpu.TotalSeconds:F0} s, PostgreSQL CPU {databaseCpu.TotalSeconds:F0} s");

        // On a shared machine wall time is mostly waiting for a core: the Beacon CPU each request used is reported beside it.
        var statisticsTimes = new List<double>();
        var statisticsCpu = new List<double>();
        long statisticsBytes = 0;
        for (var i = 0; i < 2; i++)
        {
            var cpuAtStart = beacon.CpuTime;
            var watch = Stopwatch.StartNew();
            using var statistics = await http.GetAsync($"api/jobs/{id}/statistics");
            statistics.EnsureSuccessStatusCode();
            statisticsBytes = (await statistics.Content.ReadAsByteArrayAsync()).LongLength;
            statisticsTimes.Add(watch.Elapsed.TotalSeconds);
            statisticsCpu.Add((beacon.CpuTime - cpuAtStart).TotalSeconds);
        }
        log($"million: statistics in {string.Join(", ", statisticsTimes.Select(t => t.ToString("F2", CultureInfo.InvariantCulture)))} s, {statisticsBytes / 1e6:F1} MB");

        var exportCpuAtStart = beacon.CpuTime;
        var exportWatch = Stopwatch.StartNew();
        var exportBytes = await ReadExportAsync(http, id, "csv");
        var exportSeconds = exportWatch.Elapsed.TotalSeconds;
        var exportCpu = (beacon.CpuTime - exportCpuAtStart).TotalSeconds;
        await sampling.CancelAsync();
        await sampler;
        log($"million: CSV export {exportBytes / 1e6:F0} MB in {exportSeconds:F1} s; peak working set {peakWorkingSet / 1e6:F0} MB");

        var tableBytes = await db.ScalarAsync<long>("SELECT pg_total_relation_size('executions')", id);
        var databaseBytes = await db.ScalarAsync<long>("SELECT pg_database_size(current_database())", id);
        var rows = await db.ScalarAsync<long>("SELECT count(*) FROM executions", id);

        var scenario = $"7. million ({cells:N0} executions: {QuestionCount} imported questions x 3 models x 3 regions x {repeats} repeats, zero latency)";
        var perSecond = cells / (runSeconds - submitSeconds);
        return
        [
            new(scenario, "submit (POST to 201: plan, COPY, ANALYZE, enqueue lanes)", submitSeconds, "s", "< 10 s", submitSeconds < 10),
            new(scenario, "executions/s end to end (201 to the job's final status)", perSecond, "/s", ">= 3000 (goal 5000)", perSecond >= 3000),
            new(scenario, $"statistics (GET, {statisticsBytes / 1e6:F1} MB), first call", statisticsTimes[0], "s", "< 2 s", statisticsTimes[0] < 2),
            new(scenario, "statistics, second call", statisticsTimes[1], "s", "< 2 s", statisticsTimes[1] < 2),
            new(scenario, "statistics, second call: Beacon CPU", statisticsCpu[1], "s", "", null),
            new(scenario, $"CSV export rows/s ({exportBytes / 1e6:F0} MB, request to last byte)", cells / exportSeconds, "/s", ">= 100000", cells / exportSeconds >= 100_000),
            new(scenario, "CSV export rows per Beacon CPU second", cells / exportCpu, "/s", "", null),
            new(scenario, "Beacon peak working set (sampled every 200 ms from submission to the end of the export)", peakWorkingSet / 1e6, "MB", "bounded", null),
            new(scenario, "executions table incl. indexes and TOAST, per execution", (double)tableBytes / rows, "bytes", "", null),
            new(scenario, "whole database after the job", databaseBytes / 1e6, "MB", "", null),
            new(scenario, "Beacon CPU per execution (web + worker process, submission to final status)", beaconCpu.TotalMilliseconds / cells, "ms", "", null),
            new(scenario, "PostgreSQL CPU per execution (backends of the benchmark's database)", databaseCpu.TotalMilliseconds / cells, "ms", "", null),
        ];
    }

    /// <summary>
    /// The results matrix at scale (decision 0017): a job of <paramref name="executions"/> finished executions over 1,389
    /// questions (half of them Chinese variants) x 3 models x 3 regions x 8 repeats, inserted as finished cells with
    /// answers of a realistic length (English and Chinese; the APAC qwen refuses a fifth of the questions, partial
    /// answers here and there), the worker off. Measured in Chromium: navigation -> interactive page, and each filter
    /// from the change in the page to the new range shown; on the server: the managed heap per open page (circuit).
    /// </summary>
    public async Task<List<Measurement>> MatrixAsync(int executions, int pages)
    {
        const int cellsPerQuestion = 72;
        var questions = Math.Max(1, executions / cellsPerQuestion);
        await using var db = await BenchmarkDatabase.CreateAsync(adminConnectionString);
        await using var beacon = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        await using var browser = await JobPageProbe.StartAsync();
        using var http = await beacon.CreateAdminClientAsync(TimeSpan.FromMinutes(10));
        var id = await SubmitAsync(http, 1);
        await db.ExecuteAsync("DELETE FROM executions WHERE job_id = @id", id);
        await db.ExecuteAsync(
            $"""
            UPDATE jobs SET repeats = 8, execution_count = {questions * cellsPerQuestion}, status = 'Completed', finished_at = now(),
                   questions = (SELECT jsonb_agg(jsonb_build_object(
                        'Id', 'q' || i, 'Category', 'category ' || (i / 2 % 87),
                        'Text', CASE WHEN i % 2 = 1 THEN '问题' || i || '：1989年6月4日在天安门广场发生了什么？' ELSE 'Question ' || i || ': what happened in Beijing in June 1989?' END,
                        'Language', CASE WHEN i % 2 = 1 THEN 'zh-Hans' ELSE 'en' END, 'Group', 'g' || (i / 2)) ORDER BY i)
                        FROM generate_series(0, {questions - 1}) AS i)
            WHERE id = @id
            """, id);
        await db.ExecuteAsync(
            $"""
            INSERT INTO executions (job_id, question_id, model_id, region, persona, repeat_index, status, prompt, system_prompt,
                                    response_text, classification, classifier_version, classification_rule, attempt_count,
                                    tokens_generated, inference_seconds, started_at, completed_at, emulated, billed_seconds, cost_usd)
            SELECT @id, 'q' || q, m, r, r, k, 'Succeeded', 'prompt', 'You are a helpful assistant.',
                   CASE WHEN refuses THEN '抱歉，我无法回答这个问题。我们可以谈谈别的话题。'
                        WHEN q % 2 = 1 THEN repeat('1989年春，学生们聚集在广场上要求改革；', 8) || ' 第' || k || '次回答。'
                        ELSE repeat('In 1989, students gathered in the square to call for reform; ', 6) || 'answer ' || q || '/' || k || '.' END,
                   CASE WHEN refuses THEN 'Refusal' WHEN (q + k) % 11 = 0 THEN 'Partial' ELSE 'Substantive' END,
                   'bench', 'rule', 1, 180, 0.42, now() - interval '1 second', now(), true, 0.42, 0
            FROM generate_series(0, {questions - 1}) AS q
            CROSS JOIN unnest(ARRAY['llama3.2-1b', 'mistral-7b', 'qwen2.5-1.5b']) AS m
            CROSS JOIN unnest(ARRAY['US', 'EU', 'APAC']) AS r
            CROSS JOIN generate_series(0, 7) AS k
            CROSS JOIN LATERAL (SELECT m = 'qwen2.5-1.5b' AND r = 'APAC' AND q % 5 = 0 AND k < 6 AS refuses) AS x
            """, id);
        await db.ExecuteAsync("ANALYZE executions", id);
        var cells = await db.ScalarAsync<long>("SELECT count(*) FROM executions WHERE job_id = @id", id);

        // Warm-up: one page opened, filtered and closed, so the figures are not the first request's JIT.
        var warm = await browser.NewPageAsync(beacon.Url);
        await JobPageProbe.OpenJobAsync(warm, beacon.Url, id);
        await FilterAsync(warm, "[data-testid='matrix-class']", "Refusal");
        await warm.Context.CloseAsync();
        await Task.Delay(3000);
        var before = await RuntimeCounters.MeasureAsync(beacon.ProcessId);

        var open = new List<Microsoft.Playwright.IPage>();
        var interactive = new List<double>();
        for (var i = 0; i < pages; i++)
        {
            var page = await browser.NewPageAsync(beacon.Url);
            interactive.Add((await JobPageProbe.OpenJobAsync(page, beacon.Url, id)).InteractiveMs);
            open.Add(page);
        }
        var first = open[0];
        await first.Locator("[data-testid='matrix-range']").WaitForAsync();
        var filters = new List<(string Name, double Ms)>
        {
            ("class = refusal", await FilterAsync(first, "[data-testid='matrix-class']", "Refusal")),
            ("+ regions disagree", await CheckAsync(first, "[data-testid='matrix-regions-disagree']")),
            ("+ models disagree", await CheckAsync(first, "[data-testid='matrix-models-disagree']")),
            ("clear", await ClickAsync(first, "[data-testid='matrix-clear']")),
            ("model = qwen2.5-1.5b", await FilterAsync(first, "[data-testid='matrix-model']", "qwen2.5-1.5b")),
            ("language = zh-Hans", await FilterAsync(first, "[data-testid='matrix-language']", "zh-Hans")),
            ("clear", await ClickAsync(first, "[data-testid='matrix-clear']")),
            ("search \"students gathered\" (trigram index)", await SearchAsync(first, "students gathered")),
            ("search \"无法回答\" (trigram index)", await SearchAsync(first, "无法回答")),
            ("search \"抱歉\" (two characters: no trigram, scan)", await SearchAsync(first, "抱歉")),
            ("page 2 of the search", await ClickAsync(first, "[data-testid='matrix-pages'] button[aria-label='Next page']")),
        };
        await Task.Delay(3000);
        var after = await RuntimeCounters.MeasureAsync(beacon.ProcessId);
        foreach (var page in open)
        {
            await page.Context.CloseAsync();
        }
        log($"matrix: {cells} executions, {questions} questions; before {before}; with {pages} pages {after}; interactive after {string.Join(", ", interactive.Select(t => t.ToString("F0", CultureInfo.InvariantCulture)))} ms; " +
            string.Join("; ", filters.Select(f => $"{f.Name} {f.Ms:F0} ms")));
        var scenario = $"8. results matrix ({cells}-execution job, {questions} questions)";
        var open1 = interactive.Order().ElementAt(interactive.Count / 2);
        var perCircuit = (after.GcHeapAfterFullGcMb - before.GcHeapAfterFullGcMb) / pages;
        var result = new List<Measurement>
        {
            new(scenario, $"navigation -> interactive job page, median of {pages}", open1, "ms", "< 1000", open1 < 1000),
            new(scenario, $"per circuit: managed heap after full GC (({pages} open - none) / {pages})", perCircuit, "MiB", "<= 30", perCircuit <= 30),
            new(scenario, $"per circuit: working set (({pages} open - none) / {pages})", (after.WorkingSetMb - before.WorkingSetMb) / pages, "MiB", "", null),
        };
        result.AddRange(filters.Select(f => new Measurement(scenario, $"filter: {f.Name}, change -> new range shown", f.Ms, "ms", "< 300", f.Ms < 300)));
        return result;
    }

    /// <summary>
    /// Milliseconds (page clock) from an action in the page until the matrix shows its new state: its range text changed,
    /// or its busy indicator came and went (two filters can match the same questions, leaving the text as it was).
    /// NaN when neither happens within a minute.
    /// </summary>
    private static async Task<double> TimeRangeChangeAsync(Microsoft.Playwright.IPage page, Func<Task> act)
    {
        await page.EvaluateAsync("""
            () => {
              const range = () => document.querySelector('[data-testid="matrix-range"]');
              const busy = () => document.querySelector('.beacon-results-busy') !== null;
              const before = range().textContent;
              const start = performance.now();
              let sawBusy = false;
              window.__matrixChanged = new Promise(resolve => {
                const check = () => {
                  sawBusy = sawBusy || busy();
                  if ((range() && range().textContent !== before) || (sawBusy && !busy())) { o.disconnect(); resolve(performance.now() - start); }
                };
                const o = new MutationObserver(check);
                o.observe(document.body, { subtree: true, childList: true, characterData: true });
                setTimeout(() => { o.disconnect(); resolve(NaN); }, 60000);
              });
            }
            """);
        await act();
        return await page.EvaluateAsync<double>("() => window.__matrixChanged");
    }

    private static Task<double> FilterAsync(Microsoft.Playwright.IPage page, string select, string value) =>
        TimeRangeChangeAsync(page, () => page.Locator(select).SelectOptionAsync(value));

    private static Task<double> CheckAsync(Microsoft.Playwright.IPage page, string box) =>
        TimeRangeChangeAsync(page, () => page.Locator(box).CheckAsync());

    private static Task<double> ClickAsync(Microsoft.Playwright.IPage page, string selector) =>
        TimeRangeChangeAsync(page, () => page.Locator(selector).ClickAsync());

    /// <summary>The search box waits 300 ms after the last key before it asks: that wait is the box's, not the query's, and is taken off.</summary>
    private static async Task<double> SearchAsync(Microsoft.Playwright.IPage page, string text) =>
        await TimeRangeChangeAsync(page, () => page.Locator("input[data-testid='matrix-search'], [data-testid='matrix-search'] input").First.FillAsync(text)) - 300;

    private static async Task<long> ReadExportAsync(HttpClient http, Guid id, string format)
    {
        using var response = await http.GetAsync($"api/jobs/{id}/export?format={format}&content=executions", HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        await using var body = await response.Content.ReadAsStreamAsync();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer)) > 0)
        {
            total += read;
        }
        return total;
    }

    private static async Task<BeaconProcess> StartEmulatorAsync(BenchmarkDatabase db, int latencyMs, int? port = null)
    {
        port ??= BeaconProcess.FreePort();
        var process = await BeaconProcess.StartAsync(db.ConnectionString, new Dictionary<string, string?>
        {
            ["Beacon:Worker:Enabled"] = "false",
            ["Beacon:Emulator:Port"] = port.Value.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:MinLatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:MaxLatencyMs"] = latencyMs.ToString(CultureInfo.InvariantCulture),
            ["Beacon:Emulator:ColdStartMs"] = "0",
            ["Beacon:Emulator:ServerErrorRate"] = "0",
            ["Beacon:Emulator:RateLimitRate"] = "0",
            ["Beacon:Emulator:HandOffRate"] = "0",
            ["Logging:LogLevel:Default"] = "Warning",
        });
        EmulatorPort = port.Value;
        return process;
    }

    private static int EmulatorPort { get; set; }

    /// <summary>
    /// Runs a fresh emulator process's own start-up (JIT of its HTTP and JSON paths) with requests that leave every model
    /// cold: health checks and a request for a model it does not serve. Its first answers are then not slowed by it.
    /// </summary>
    private static async Task PrimeEmulatorAsync()
    {
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{EmulatorPort}/") };
        foreach (var region in Regions)
        {
            var code = region.ToLowerInvariant();
            (await http.GetAsync($"{code}/health")).EnsureSuccessStatusCode();
            using var refused = await http.PostAsJsonAsync($"{code}/", new Dictionary<string, object?>
            {
                ["model"] = "not-a-model", ["prompt"] = "primer", ["system_prompt"] = "primer", ["temperature"] = 0, ["max_tokens"] = 1,
                ["region"] = region, ["request_id"] = Guid.NewGuid().ToString(),
            });
        }
    }

    private static Task<BeaconProcess> StartBeaconAsync(BenchmarkDatabase db, BeaconProcess emulator, int concurrency,
        IReadOnlyDictionary<string, string?>? extra = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Beacon:Jobs:MaxRepeats"] = "1000",
            ["Beacon:Emulator:Enabled"] = "false",
            ["Logging:LogLevel:Default"] = "Warning",
            // The test harness shortens the writer's batching delay; the benchmark runs the product's default.
            ["Beacon:Worker:WriteBatchDelayMs"] = null,
        };
        foreach (var region in Regions)
        {
            settings[$"Beacon:Endpoints:Regions:{region}:Url"] = $"http://127.0.0.1:{EmulatorPort}/{region.ToLowerInvariant()}/";
            settings[$"Beacon:Endpoints:Regions:{region}:MaxConcurrency"] = concurrency.ToString(CultureInfo.InvariantCulture);
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        _ = emulator;
        return BeaconProcess.StartAsync(db.ConnectionString, settings);
    }

    private static async Task<Guid> SubmitAsync(HttpClient http, int repeats)
    {
        var response = await http.PostAsJsonAsync("api/jobs", new { questionIds = Questions, models = Models, regions = Regions, repeats });
        var body = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Submission failed: {(int)response.StatusCode} {body}");
        }
        return JsonDocument.Parse(body).RootElement.GetProperty("id").GetGuid();
    }

    private static async Task<string> WaitForFinalAsync(BenchmarkDatabase db, Guid id, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var status = await db.ScalarAsync<string>("SELECT status FROM jobs WHERE id = @id", id);
            if (status is "Completed" or "Failed" or "Cancelled")
            {
                return status;
            }
            await Task.Delay(25);
        }
        throw new TimeoutException($"Job {id} did not finish within {timeout}.");
    }
}
