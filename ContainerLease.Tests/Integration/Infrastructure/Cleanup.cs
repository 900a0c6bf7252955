using ContainerLease.Domain.Leases;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>Finds and removes what a test's installation left on the engine.</summary>
public static class Cleanup
{
    public static async Task<IList<ContainerListResponse>> ContainersAsync(DockerClient docker, string installationId) =>
        await docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = InstallationFilter(installationId),
        });

    private static Dictionary<string, IDictionary<string, bool>> InstallationFilter(string installationId) => new()
    {
        ["label"] = new Dictionary<string, bool> { [$"{LeaseLabels.Installation}={installationId}"] = true },
    };

    /// <summary>Removes the images a test pulled or made; one never pulled (the test stopped before) is no error.</summary>
    public static async Task RemoveImagesAsync(DockerClient docker, IEnumerable<string> images)
    {
        foreach (var image in images)
        {
            try
            {
                await docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = true });
            }
            catch (DockerImageNotFoundException)
            {
                // Not there: nothing to remove.
            }
        }
    }

    /// <summary>Removes them all; a busy or stalled engine gets two more tries rather than leaving containers behind.</summary>
    public static async Task RemoveContainersAsync(DockerClient docker, string installationId)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                foreach (var container in await ContainersAsync(docker, installationId))
                {
                    await docker.Containers.RemoveContainerAsync(container.ID, new ContainerRemoveParameters { Force = true, RemoveVolumes = true });
                }

                // The bridge the app made for entries that ask for one; the engine has room for few.
                foreach (var network in await docker.Networks.ListNetworksAsync(new NetworksListParameters { Filters = InstallationFilter(installationId) }))
                {
                    await docker.Networks.DeleteNetworkAsync(network.ID);
                }

                return;
            }
            catch (DockerContainerNotFoundException)
            {
                // Removed meanwhile (by the app's own reaping): list again.
            }
            catch (Exception) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromSeconds(5));
            }
        }
    }
}
