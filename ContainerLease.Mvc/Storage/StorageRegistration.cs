using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

public static class StorageRegistration
{
    /// <summary>True when <c>ConnectionStrings:Redis</c> is set; otherwise leases and jobs live in this process.</summary>
    public static bool UsesRedis(this IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration.GetConnectionString("Redis"));

    public static IHostApplicationBuilder AddLeaseStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<LeaseOptions>>().Value.InstallationId));

        if (!builder.Configuration.UsesRedis())
        {
            builder.Services.AddSingleton<ILeaseStore, InMemoryLeaseStore>();
            builder.Services.AddHostedService<InMemoryStoreWarning>();
            return builder;
        }

        var redis = ConfigurationOptions.Parse(builder.Configuration.GetConnectionString("Redis")!);

        // Start even while Redis is down, and reconnect by itself when it returns.
        redis.AbortOnConnectFail = false;
        builder.Services.AddSingleton<IConnectionMultiplexer>(_ => ConnectionMultiplexer.Connect(redis));
        builder.Services.AddSingleton<ILeaseStore, RedisLeaseStore>();
        return builder;
    }
}
