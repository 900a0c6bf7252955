using ContainerLease.Domain.Policy;
using ContainerLease.Domain.Ports;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Storage;

public static class StorageRegistration
{
    /// <summary>Redis when configured, else the in-process store, as <see cref="StorageChoice"/> decides.</summary>
    public static IHostApplicationBuilder AddLeaseStorage(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton(sp => StorageChoice.From(sp.GetRequiredService<IConfiguration>()));
        builder.Services.AddSingleton(sp => new RedisKeys(sp.GetRequiredService<IOptions<LeaseOptions>>().Value.InstallationId));
        builder.Services.AddSingleton<IConnectionMultiplexer>(sp =>
        {
            var redis = ConfigurationOptions.Parse(sp.GetRequiredService<StorageChoice>().RedisConnectionString
                ?? throw new InvalidOperationException("Redis is used only when ConnectionStrings:Redis is set."));

            // Start even while Redis is down, and reconnect by itself when it returns; while it is
            // down, fail at once rather than queue commands, so a provision answers 503 quickly.
            redis.AbortOnConnectFail = false;
            redis.BacklogPolicy = BacklogPolicy.FailFast;
            redis.ChannelPrefix = sp.GetRequiredService<RedisKeys>().Channels;
            return ConnectionMultiplexer.Connect(redis);
        });
        builder.Services.AddSingleton<LeaseReadCache>();
        builder.Services.AddSingleton<ILeaseStore>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisLeaseStore>(sp)
            : new InMemoryLeaseStore());
        builder.Services.AddSingleton<IWarmPool>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisWarmPool>(sp)
            : new InMemoryWarmPool());
        builder.Services.AddSingleton<Docker.IPullLocks>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisPullLocks>(sp)
            : new Docker.InstanceOnlyPullLocks());
        builder.Services.AddHostedService<InMemoryStoreWarning>();
        return builder;
    }
}
