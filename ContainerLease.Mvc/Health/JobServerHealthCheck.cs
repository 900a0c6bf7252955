using ContainerLease.Mvc.Jobs;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace ContainerLease.Mvc.Health;

/// <summary>Ready only while this instance's Hangfire server runs: without it no lease of ours expires.</summary>
internal sealed class JobServerHealthCheck(JobServerState state) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(state.Running
            ? HealthCheckResult.Healthy("The job server runs.")
            : HealthCheckResult.Unhealthy("The job server is not running."));
}
