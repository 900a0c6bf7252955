using Docker.DotNet;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Mvc.Health;

/// <summary>Ready only while the Docker engine answers a ping.</summary>
internal sealed class DockerHealthCheck(IDockerClient docker) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            await docker.System.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("The Docker engine answers.");
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Unhealthy("The Docker engine does not answer.", ex);
        }
    }
}
