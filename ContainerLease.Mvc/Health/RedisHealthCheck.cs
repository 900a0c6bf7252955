using Microsoft.Extensions.Diagnostics.HealthChecks;
using ContainerLease.Mvc.Storage;
using StackExchange.Redis;

namespace ContainerLease.Mvc.Health;

/// <summary>Ready only while Redis answers a ping; without Redis configured there is nothing to check.</summary>
internal sealed class RedisHealthCheck(IServiceProvider services, StorageChoice storage) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (!storage.UsesRedis)
        {
            return HealthCheckResult.Healthy("No Redis is configured; leases are kept in this process.");
        }

        try
        {
            var latency = await services.GetRequiredService<IConnectionMultiplexer>().GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answers in {latency.TotalMilliseconds:0.0} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            return HealthCheckResult.Unhealthy("Redis does not answer.", ex);
        }
    }
}
