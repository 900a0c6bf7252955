using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>What runs in a container, as <c>docker top</c> lists it: one command line per process.</summary>
public static class ContainerProcesses
{
    public static async Task<List<string>> CommandsAsync(IDockerClient docker, string containerId)
    {
        var top = await docker.Containers.ListProcessesAsync(containerId, new ContainerListProcessesParameters());
        var command = top.Titles.IndexOf("CMD");
        return [.. top.Processes.Select(p => p[command])];
    }
}
