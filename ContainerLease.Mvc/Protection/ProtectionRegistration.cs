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
    /// options are first read, as the store is. A ring Redis lost is written back from what the
    /// instances remember (<see cref="KeyRingRestorer"/>).
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
        builder.Services.AddSingleton(services =>
        {
            var redis = services.GetRequiredService<IConnectionMultiplexer>();
            return new RememberedKeyRing(new RedisXmlRepository(() => redis.GetDatabase(), services.GetRequiredService<RedisKeys>().DataProtectionKeys));
        });
        builder.Services.AddOptions<KeyManagementOptions>().Configure<IServiceProvider>((options, services) =>
        {
            if (services.GetRequiredService<StorageChoice>().UsesRedis)
            {
                var redis = services.GetRequiredService<IConnectionMultiplexer>();
                var keys = services.GetRequiredService<RedisKeys>();
                options.XmlRepository = new FirstKeyOnceRepository(services.GetRequiredService<RememberedKeyRing>(), redis.GetDatabase(), keys.DataProtectionFirstKeyLock);
            }
        });
        builder.Services.AddHostedService<KeyRingRestorer>();
        return builder;
    }
}
