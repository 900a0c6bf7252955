using ContainerLease.Mvc.Storage;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.StackExchangeRedis;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Live;

public static class BackplaneRegistration
{
    /// <summary>
    /// With Redis, hub messages cross instances over Redis pub/sub, so a page connected to one
    /// instance hears of a lease changed through another. It rides on the app's own connection,
    /// whose channel prefix names the installation (<see cref="RedisKeys.Channels"/>). Without
    /// Redis each instance serves its own connections, as before. The choice is made when a hub
    /// is first used, as the store's is, so configuration added late still counts.
    /// </summary>
    public static IHostApplicationBuilder AddBackplane(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RedisOptions>().Configure<IServiceProvider>((options, services) =>
            options.ConnectionFactory = _ => ConnectedAsync(services.GetRequiredService<IConnectionMultiplexer>()));
        AddLifetimeManager<LeaseEventsHub>(builder.Services);
        AddLifetimeManager<LogsHub>(builder.Services);
        return builder;
    }

    /// <summary>One closed registration per hub, taking precedence over SignalR's open generic default.</summary>
    private static void AddLifetimeManager<THub>(IServiceCollection services)
        where THub : Hub =>
        services.AddSingleton<HubLifetimeManager<THub>>(sp => sp.GetRequiredService<StorageChoice>().UsesRedis
            ? ActivatorUtilities.CreateInstance<RedisHubLifetimeManager<THub>>(sp)
            : ActivatorUtilities.CreateInstance<DefaultHubLifetimeManager<THub>>(sp));

    /// <summary>
    /// The backplane subscribes once, right after it first gets its connection; on a connection
    /// that is still down (or whose pub/sub link is, which reconnects apart from commands) it would
    /// never subscribe. Refusing it until both answer makes the next hub call try again. (At
    /// shutdown the backplane disposes the connection it was given; by then every hosted service
    /// has stopped.)
    /// </summary>
    private static Task<IConnectionMultiplexer> ConnectedAsync(IConnectionMultiplexer redis) => redis.IsConnected && redis.GetSubscriber().IsConnected()
        ? Task.FromResult(redis)
        : Task.FromException<IConnectionMultiplexer>(new RedisConnectionException(ConnectionFailureType.UnableToConnect, "Redis does not answer yet; the SignalR backplane tries again on the next hub call."));
}
