using ContainerLease.Mvc.Storage;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.StackExchangeRedis;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Protection;

public static class ProtectionRegistration
{
    /// <summary>Fixed, so that instances started from different folders protect alike.</summary>
    public const string ApplicationName = "ContainerLease";

    /// <summary>
    /// With Redis, the data-protection key ring lives there under the installation's prefix
    /// (<see cref="RedisKeys.DataProtectionKeys"/>), with a fixed application name, so an
    /// antiforgery token or a cookie made by one instance is accepted by every other. Without
    /// Redis, ASP.NET Core's defaults stay (keys of this machine's user). Decided when the
    /// options are first read, as the store is.
    /// </summary>
    public static IHostApplicationBuilder AddSharedKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddDataProtection();
        builder.Services.AddOptions<DataProtectionOptions>().Configure<StorageChoice>((options, storage) =>
        {
            if (storage.UsesRedis)
            {
                options.ApplicationDiscriminator = ApplicationName;
            }
        });
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
        {
            if (services.GetRequiredService<StorageChoice>().UsesRedis)
            {
                var redis = services.GetRequiredService<IConnectionMultiplexer>();
                var keys = services.GetRequiredService<RedisKeys>();
                var ring = new RedisXmlRepository(() => redis.GetDatabase(), keys.DataProtectionKeys);
                options.XmlRepository = new FirstKeyOnceRepository(ring, redis.GetDatabase(), keys.DataProtectionFirstKeyLock);
            }
        });
        return builder;
    }
}
