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

    /// <summary>
    /// Redis when configured, else the in-process store. The choice is made when services are
    /// resolved, so configuration added late (by a host or a test) still counts.
    /// </summary>
    public static IHostApplicationBuilder AddLeaseStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<LeaseOptions>>().Value.InstallationId));
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = ConfigurationOptions.Parse(sp.GetRequiredService<IConfiguration>().GetConnectionString("Redis")!);

            // Start even while Redis is down, and reconnect by itself when it returns; while it is
            // down, fail at once rather than queue commands, so a provision answers 503 quickly.
            redis.AbortOnConnectFail = false;
            redis.BacklogPolicy = BacklogPolicy.FailFast;
            redis.ChannelPrefix = sp.GetRequiredService<RedisKeys>().Channels;
            return ConnectionMultiplexer.Connect(redis);
        });
        builder.Services.AddSingleton<ILeaseStore>(sp => sp.GetRequiredService<IConfiguration>().UsesRedis()
            ? ActivatorUtilities.CreateInstance<RedisLeaseStore>(sp)
            : new InMemoryLeaseStore());
        builder.Services.AddHostedService<InMemoryStoreWarning>();
        return builder;
    }
}
