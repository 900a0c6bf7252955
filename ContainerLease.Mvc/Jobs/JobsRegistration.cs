using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Storage;
using Hangfire;
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
            .ValidateOnStart();

        builder.Services.AddHangfire((sp, config) =>
        {
            config.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
                .UseSimpleAssemblyNameTypeSerializer()
                .UseRecommendedSerializerSettings();
            if (sp.GetRequiredService<IConfiguration>().UsesRedis())
            {
                config.UseRedisStorage(sp.GetRequiredService<IConnectionMultiplexer>(), new RedisStorageOptions
                {
                    Prefix = sp.GetRequiredService<RedisKeys>().Hangfire,
                });
            }
            else
            {
                config.UseInMemoryStorage();
            }
        });
        builder.Services.AddHangfireServer((sp, server) =>
        {
            var options = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
            server.SchedulePollingInterval = options.SchedulePollingInterval;
            server.WorkerCount = options.WorkerCount;

            // A crashed instance's jobs are handed to the others after this long, not Hangfire's 5 minutes.
            server.ServerTimeout = TimeSpan.FromSeconds(15);
            server.ServerCheckInterval = TimeSpan.FromSeconds(5);
            server.HeartbeatInterval = TimeSpan.FromSeconds(5);
        });

        builder.Services.AddTransient<ExpireLeaseJob>();
        builder.Services.AddSingleton<IExpiryScheduler, HangfireExpiryScheduler>();
        return builder;
    }

    /// <summary>The dashboard answers local requests only until sign-in exists.</summary>
    public static WebApplication MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard("/hangfire", new DashboardOptions { DisplayStorageConnectionString = false });
        return app;
    }
}
