using ContainerLease.Mvc.Docker;
using ContainerLease.Mvc.Logging;
using Docker.DotNet;
using Microsoft.Extensions.Options;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// At start in swarm mode: checks that <c>Docker:Endpoint</c> is a Swarm manager, logs what of the
/// sandbox Swarm cannot apply on its API version, and refuses to start when anything is missing
/// unless <c>Swarm:AllowWeakerSandbox</c> is true. A manager that does not answer yet is logged and
/// the app starts, as it does in docker mode with an engine that is down.
/// </summary>
internal sealed class SwarmStartCheck(IServiceProvider services, IDockerClient docker, IOptions<SwarmOptions> options, ILogger<SwarmStartCheck> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!RuntimeChoice.IsSwarm(services))
        {
            return;
        }

        Version api;
        try
        {
            var version = await docker.System.GetVersionAsync(cancellationToken);
            api = Version.Parse(version.APIVersion);
            var info = await docker.System.GetSystemInfoAsync(cancellationToken);
            if (info.Swarm?.ControlAvailable != true)
            {
                throw new InvalidOperationException("Runtime:Kind is swarm, but the engine at Docker:Endpoint is not a Swarm manager (docker swarm init makes one).");
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException or TimeoutException or DockerApiException)
        {
            AppLog.SwarmNotChecked(logger, ex);
            api = SwarmSandbox.MinimumApi;
        }

        var gaps = SwarmSandbox.Gaps(api);
        foreach (var gap in gaps)
        {
            AppLog.SwarmSandboxGap(logger, api.ToString(), gap);
        }

        if (gaps.Count > 0 && !options.Value.AllowWeakerSandbox)
        {
            throw new InvalidOperationException(
                $"Swarm cannot apply the whole sandbox on this manager (API {api}): {string.Join("; ", gaps)}. "
                + "Set Swarm:AllowWeakerSandbox=true to run leases with it weaker, or Runtime:Kind=docker.");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
