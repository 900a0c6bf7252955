namespace ContainerLease.Mvc.Storage;

/// <summary>
/// Where this app keeps its state: Redis when <c>ConnectionStrings:Redis</c> is set, else this
/// process. Decided once, when services are first resolved (so configuration a host or a test
/// adds late still counts), and asked by everything that differs: the lease store, the job
/// storage, the SignalR backplane, the data-protection keys, the health check and the warning.
/// </summary>
public sealed class StorageChoice
{
    private StorageChoice(string? redisConnectionString) => RedisConnectionString = redisConnectionString;

    /// <summary>Null when leases and jobs live in this process.</summary>
    public string? RedisConnectionString { get; }

    public bool UsesRedis => RedisConnectionString is not null;

    public static StorageChoice From(IConfiguration configuration)
    {
        var redis = configuration.GetConnectionString("Redis");
        return new StorageChoice(string.IsNullOrWhiteSpace(redis) ? null : redis);
    }
}
