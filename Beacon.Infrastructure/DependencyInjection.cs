using Beacon.Core.Abstractions;
using Beacon.Core.Accounts;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Emulator;
using Beacon.Infrastructure.Export;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Jobs;
using Beacon.Infrastructure.Judge;
using Beacon.Infrastructure.Live;
using Beacon.Infrastructure.Options;
using Beacon.Infrastructure.Services;
using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Http.Resilience;
using Polly;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Beacon.Infrastructure;

public static class DependencyInjection
{
    public static IHostApplicationBuilder AddBeaconInfrastructure(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        AddOptions<DatabaseOptions>(services, DatabaseOptions.SectionName);
        AddOptions<EndpointOptions>(services, EndpointOptions.SectionName);
        AddOptions<InferenceOptions>(services, InferenceOptions.SectionName);
        AddOptions<EmulatorOptions>(services, EmulatorOptions.SectionName);
        AddOptions<WorkerOptions>(services, WorkerOptions.SectionName);
        AddOptions<JobOptions>(services, JobOptions.SectionName);
        AddOptions<HealthOptions>(services, HealthOptions.SectionName);
        AddOptions<CostOptions>(services, CostOptions.SectionName);
        AddOptions<AdminOptions>(services, AdminOptions.SectionName);
        AddOptions<JudgeOptions>(services, JudgeOptions.SectionName);
        services.AddSingleton<IValidateOptions<EndpointOptions>, EndpointOptionsValidator>();
        services.AddSingleton<IValidateOptions<CostOptions>, CostOptionsValidator>();

        var connectionString = builder.Configuration.GetConnectionString(DatabaseOptions.ConnectionStringName);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new InvalidOperationException(
                $"ConnectionStrings:{DatabaseOptions.ConnectionStringName} is not set. Set it in appsettings.json or as ConnectionStrings__Beacon.");
        }

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(_ => new NpgsqlDataSourceBuilder(connectionString) { Name = "beacon" }.Build());
        services.AddDbContextFactory<BeaconDbContext>((sp, options) => options
            .UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>(), npgsql => npgsql.MigrationsAssembly("Beacon.Migrations"))
            .UseSnakeCaseNamingConvention());

        services.AddSingleton<EmulatorServer>();
        services.AddHostedService(sp => sp.GetRequiredService<EmulatorServer>());
        services.AddSingleton<EndpointResolver>();
        services.AddSingleton<EndpointModelInfoStore>();
        services.AddSingleton<RegionLimiter>();
        services.AddSingleton<ResponseClassifier>();
        services.AddSingleton<JobFinalizer>();
        services.AddSingleton<JobService>();
        services.AddSingleton<JobQueries>();
        services.AddSingleton<JobMatrixQuery>();
        services.AddSingleton<CostService>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<ClassificationService>();
        services.AddSingleton<JobStatisticsService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<EvaluationSetService>();
        services.AddSingleton<JobExportService>();
        services.AddTransient<LaneJob>();
        services.AddSingleton<JudgeService>();
        services.AddTransient<JudgeJob>();
        services.AddSingleton<EndpointHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointHealthMonitor>());
        services.AddSingleton<JobEvents>();
        services.AddSingleton<PostgresListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresListener>());
        services.AddTransient<RequestCountingHandler>();
        AddAccounts(services);
        AddInferenceClient(builder);
        AddJudgeClient(builder);
        AddHangfire(builder, connectionString);
        return builder;
    }

    private static void AddAccounts(IServiceCollection services)
    {
        // Identity's user and role stores on BeaconDbContext (AddDbContextFactory also registers the scoped context they use).
        // Sign-in (cookies, SignInManager) is the web project's business.
        // Cookies, antiforgery and password-reset tokens are protected with these keys: kept in PostgreSQL so that every
        // Beacon process (several web processes, other machines) reads the others' cookies. See docs/decisions/0009-accounts.md.
        services.AddDataProtection().SetApplicationName("Beacon").PersistKeysToDbContext<BeaconDbContext>();
        services.AddIdentityCore<BeaconUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length over composition rules (NIST SP 800-63B).
                options.Password.RequiredLength = 12;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                // Lockout only disables accounts (LockoutEnd = max); wrong passwords are throttled per account and
                // address by SignInThrottle, so nobody can lock someone else out.
                options.Lockout.AllowedForNewUsers = true;
            })
            .AddRoles<IdentityRole>()
            .AddEntityFrameworkStores<BeaconDbContext>()
            .AddDefaultTokenProviders();
        services.AddSingleton<SignInThrottle>();
        services.AddSingleton<SignInSessionStore>();
        services.AddSingleton<PasswordSignIn>();
        services.AddSingleton<JobAccess>();
        services.AddSingleton<AccessTokenService>();
        services.AddSingleton<AccountService>();
        services.AddSingleton<JobSharingService>();
    }

    private static void AddInferenceClient(IHostApplicationBuilder builder)
    {
        var inference = builder.Configuration.GetSection(InferenceOptions.SectionName).Get<InferenceOptions>() ?? new InferenceOptions();
        builder.Services.AddSingleton<RegionBreakers>();
        // Both protocols run behind the same pipeline, built from the same options.
        AddInferencePipeline(builder.Services.AddHttpClient<RegionalEndpointClient>(), inference, RegionBreakers.BeaconProtocol);
        AddInferencePipeline(builder.Services.AddHttpClient<OpenAiCompatibleClient>(), inference, RegionBreakers.OpenAiProtocol);
        builder.Services.AddTransient<IInferenceClient, RoutingInferenceClient>();
    }

    private static void AddJudgeClient(IHostApplicationBuilder builder)
    {
        var judge = builder.Configuration.GetSection(JudgeOptions.SectionName).Get<JudgeOptions>() ?? new JudgeOptions();
        var callTimeout = judge.CallTimeout > TimeSpan.Zero ? judge.CallTimeout : TimeSpan.FromSeconds(60);
        // The judge's own pipeline: its failures never open an inference region's circuit, nor the other way round.
        builder.Services.AddHttpClient<JudgeClient>()
            .ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = callTimeout;
                options.TotalRequestTimeout.Timeout = callTimeout * (judge.MaxRetryAttempts + 1);
                options.Retry.MaxRetryAttempts = Math.Max(judge.MaxRetryAttempts, 1);
                options.Retry.UseJitter = true;
                options.Retry.ShouldRetryAfterHeader = true;
                options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(TimeSpan.FromSeconds(30).Ticks, 2 * callTimeout.Ticks));
            });
    }

    /// <summary>
    /// The one resilience pipeline of inference calls, outermost first: the cell's total allowance (all tries and 303
    /// polls), retries of transient faults, the region's circuit breaker (<see cref="Core.Inference.RegionBreaker"/>: failures in a
    /// row, per protocol and region), and the timeout of one attempt (sized for cold starts).
    /// </summary>
    private static void AddInferencePipeline(IHttpClientBuilder client, InferenceOptions inference, string protocol)
    {
        client.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            // 303 hand-offs are followed by the client itself (poll the result URL, never re-post).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddResilienceHandler("inference", (pipeline, context) =>
            {
                var breakers = context.ServiceProvider.GetRequiredService<RegionBreakers>();
                pipeline
                    .AddTimeout(new HttpTimeoutStrategyOptions { Name = "cell", Timeout = inference.CellTimeout })
                    .AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = inference.MaxRetryAttempts,
                        Delay = inference.RetryBaseDelay,
                        BackoffType = Polly.DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        // POSTs are retried too: a failed call is re-sent and every try is counted in the cell's attempt record.
                        ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome)),
                    })
                    .AddStrategy(_ => new RegionBreakerStrategy(breakers, protocol, IsTransient), new RegionBreakerStrategyOptions())
                    .AddTimeout(new HttpTimeoutStrategyOptions { Name = "attempt", Timeout = inference.AttemptTimeout });
            });
        client.AddHttpMessageHandler<RequestCountingHandler>();
    }

    private static bool IsTransient(Polly.Outcome<HttpResponseMessage> outcome) => outcome switch
    {
        { Exception: HttpRequestException } => true,
        { Exception: Polly.Timeout.TimeoutRejectedException } => true,
        { Result: { } response } => (int)response.StatusCode is 408 or 429 or >= 500,
        _ => false,
    };

    private static void AddHangfire(IHostApplicationBuilder builder, string connectionString)
    {
        var worker = builder.Configuration.GetSection(WorkerOptions.SectionName).Get<WorkerOptions>() ?? new WorkerOptions();
        var storageOptions = new PostgreSqlStorageOptions
        {
            SchemaName = "hangfire",
            PrepareSchemaIfNecessary = true,
            UseSlidingInvisibilityTimeout = true,
            InvisibilityTimeout = worker.InvisibilityTimeout,
            EnableLongPolling = true,
            QueuePollInterval = TimeSpan.FromSeconds(5),
        };
        // The storage is a DI singleton rather than Hangfire's global JobStorage.Current, so several hosts in one
        // process (tests, tools) each talk to their own database.
        builder.Services.AddSingleton<JobStorage>(_ => new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, storageOptions), storageOptions));
        builder.Services.AddHangfire(config => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(HangfireLogProvider.Instance));
        builder.Services.AddHostedService<HangfireLoggingLifetime>();
        if (worker.Enabled)
        {
            builder.Services.AddHangfireServer((provider, options) =>
            {
                // This host's container, not Hangfire's process-global activator (which outlives a stopped host).
                options.Activator = new Hangfire.AspNetCore.AspNetCoreJobActivator(provider.GetRequiredService<IServiceScopeFactory>());
                options.WorkerCount = worker.HangfireWorkers;
                options.ServerName = $"beacon-{Environment.MachineName}-{Environment.ProcessId}";
            });
            builder.Services.AddHostedService<JobQueueSweep>();
        }
    }

    private static void AddOptions<T>(IServiceCollection services, string section) where T : class =>
        services.AddOptions<T>().BindConfiguration(section).ValidateDataAnnotations().ValidateOnStart();
}
