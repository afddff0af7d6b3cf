using Beacon.Core.Abstractions;
using Beacon.Core.Accounts;
using Beacon.Core.Analysis;
using Beacon.Infrastructure.Accounts;
using Beacon.Infrastructure.Data;
using Beacon.Infrastructure.Emulator;
using Beacon.Infrastructure.Export;
using Beacon.Infrastructure.Inference;
using Beacon.Infrastructure.Jobs;
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
        services.AddSingleton<RegionLimiter>();
        services.AddSingleton<ResponseClassifier>();
        services.AddSingleton<JobFinalizer>();
        services.AddSingleton<JobService>();
        services.AddSingleton<JobQueries>();
        services.AddSingleton<CostService>();
        services.AddSingleton<DatasetService>();
        services.AddSingleton<ClassificationService>();
        services.AddSingleton<JobStatisticsService>();
        services.AddSingleton<ReviewService>();
        services.AddSingleton<JobExportService>();
        services.AddTransient<LaneJob>();
        services.AddSingleton<EndpointHealthMonitor>();
        services.AddHostedService(sp => sp.GetRequiredService<EndpointHealthMonitor>());
        services.AddSingleton<JobEvents>();
        services.AddSingleton<PostgresListener>();
        services.AddHostedService(sp => sp.GetRequiredService<PostgresListener>());
        services.AddTransient<RequestCountingHandler>();
        AddAccounts(services);
        AddInferenceClient(builder);
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
        // Both protocols run behind the same pipeline, built from the same options.
        AddInferencePipeline(builder.Services.AddHttpClient<RegionalEndpointClient>(), inference);
        AddInferencePipeline(builder.Services.AddHttpClient<OpenAiCompatibleClient>(), inference);
        builder.Services.AddTransient<IInferenceClient, RoutingInferenceClient>();
    }

    private static void AddInferencePipeline(IHttpClientBuilder client, InferenceOptions inference)
    {
        client.ConfigureHttpClient(c => c.Timeout = Timeout.InfiniteTimeSpan)
            // 303 hand-offs are followed by the client itself (poll the result URL, never re-post).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .AddStandardResilienceHandler(options =>
            {
                options.AttemptTimeout.Timeout = inference.AttemptTimeout;
                // All tries of one request share the cell's allowance (the client also enforces it across 303 polls).
                options.TotalRequestTimeout.Timeout = inference.CellTimeout;
                options.Retry.MaxRetryAttempts = inference.MaxRetryAttempts;
                options.Retry.Delay = inference.RetryBaseDelay;
                options.Retry.UseJitter = true;
                options.Retry.ShouldRetryAfterHeader = true;
                // POSTs are retried too: a failed call is re-sent and every try is counted in the cell's attempt record.
                options.Retry.ShouldHandle = args => ValueTask.FromResult(IsTransient(args.Outcome));
                options.CircuitBreaker.FailureRatio = inference.CircuitBreakerFailureRatio;
                options.CircuitBreaker.MinimumThroughput = inference.CircuitBreakerMinimumThroughput;
                // Polly requires the sampling window to be at least twice the attempt timeout.
                options.CircuitBreaker.SamplingDuration = TimeSpan.FromTicks(Math.Max(inference.CircuitBreakerSamplingDuration.Ticks, 2 * inference.AttemptTimeout.Ticks));
                options.CircuitBreaker.BreakDuration = inference.CircuitBreakerBreakDuration;
            })
            // One circuit breaker per region (per protocol): a dead region fails fast without touching the others.
            .SelectPipelineBy(_ => request => request.Options.TryGetValue(RequestCounter.RegionKey, out var region) ? region : "unknown");
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
