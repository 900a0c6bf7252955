using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Storage;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.InMemory;
using Hangfire.Redis.StackExchange;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Jobs;

public static class JobsRegistration
{
    public static IHostApplicationBuilder AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.Section)
            .Validate(o => o.SchedulePollingInterval >= TimeSpan.FromMilliseconds(50) && o.SchedulePollingInterval <= TimeSpan.FromMinutes(1),
                "Jobs:SchedulePollingInterval must be between 00:00:00.05 and 00:01:00.")
            .Validate(o => o.WorkerCount is >= 1 and <= 100, "Jobs:WorkerCount must be between 1 and 100.")
            .Validate(o => o.RetryAttempts is >= 0 and <= 100, "Jobs:RetryAttempts must be between 0 and 100.")
            .Validate(o => o.RetryBaseDelay >= TimeSpan.FromSeconds(1) && o.RetryMaxDelay >= o.RetryBaseDelay,
                "Jobs:RetryBaseDelay must be at least 00:00:01 and Jobs:RetryMaxDelay at least as long.")
            .Validate(o => o.WatchdogInterval >= TimeSpan.FromSeconds(1), "Jobs:WatchdogInterval must be at least 00:00:01.")
            .ValidateOnStart();
        builder.Services.AddOptions<LeaseOptions>()
            .Validate(o => SweepSchedule.Cron(o.SweepInterval) is not null,
                "Leases:SweepInterval must divide its unit evenly, as cron requires: 1-30 s dividing 60, whole minutes dividing 60, or whole hours dividing 24.")
            .ValidateOnStart();

        // This app's own storage and activator, registered before AddHangfire so that its
        // fallbacks (the process-wide JobStorage.Current and JobActivator.Current) are never used:
        // with those, two apps in one process (tests, or a host with several) would run each
        // other's jobs in the wrong container.
        builder.Services.AddSingleton<JobStorage>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? new RedisStorage(sp.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions { Prefix = sp.GetRequiredService<RedisKeys>().Hangfire })
            : new InMemoryStorage());
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));

        // Likewise this app's own filters instead of the process-wide GlobalJobFilters, which every
        // app in the process would otherwise add its retry filter to. Hangfire's own retry delays
        // grow as attempt^4 with a fixed base; expiry wants doubling from a second with jitter,
        // bounded, so its default retry filter is left out and this app's put in.
        builder.Services.AddSingleton<IJobFilterProvider>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            var filters = new JobFilterCollection();
            foreach (var filter in GlobalJobFilters.Filters.Where(f => f.Instance is not AutomaticRetryAttribute))
            {
                filters.Add(filter.Instance, filter.Order);
            }

            filters.Add(new AutomaticRetryAttribute
            {
                Attempts = options.RetryAttempts,
                DelayInSecondsByAttemptFunc = attempt => RetryBackoff.DelaySeconds(attempt, options.RetryBaseDelay, options.RetryMaxDelay),
                OnAttemptsExceeded = AttemptsExceededAction.Fail,
            });
            // A job type with retries of its own (webhook deliveries) overrides the default above.
            return new JobFilterProviderCollection([filters, new JobFilterAttributeFilterProvider(), .. sp.GetServices<RetryOverride>()]);
        });
        builder.Services.AddSingleton<HangfireLogs.Registration>();
        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings()
                .UseLogProvider(HangfireLogs.Instance);
            sp.GetRequiredService<HangfireLogs.Registration>();
        });

        // Jobs are short and await I/O; a cold thread pool stalls the first ones after a start by seconds.
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), io);

        builder.Services.AddSingleton<JobServerState>();
        builder.Services.AddHostedService<JobServerHost>();
        builder.Services.AddTransient<ExpireLeaseJob>();
        builder.Services.AddTransient<WarnLeaseJob>();
        builder.Services.AddTransient<OrphanSweepJob>();
        builder.Services.AddTransient<PoolRefillJob>();
        builder.Services.AddTransient<StartPulledLeaseJob>();
        builder.Services.AddSingleton<IPoolRefills, HangfirePoolRefills>();
        builder.Services.AddSingleton<IPendingStarts, HangfirePendingStarts>();
        builder.Services.AddSingleton<IExpiryScheduler, HangfireExpiryScheduler>();
        return builder;
    }

    /// <summary>
    /// For admins only, through the app's own authorization policy; Hangfire's own filters are
    /// emptied, since its default admits local requests only and knows nothing of our users.
    /// </summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { DisplayStorageConnectionString = false, Authorization = [] })
            .RequireAuthorization(Roles.AdminPolicy);
        return app;
    }
}
