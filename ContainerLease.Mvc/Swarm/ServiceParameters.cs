using System.Globalization;
using ContainerLease.Domain.Catalog;
using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Docker;
using Docker.DotNet.Models;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;

namespace ContainerLease.Mvc.Swarm;

/// <summary>
/// How every lease is made on a Swarm: one replicated service of one task that is never restarted
/// (a task that dies ends its lease as gone, rather than coming back elsewhere without its state),
/// with the memory and CPU it may use reserved as well as limited, so that the scheduler places it
/// only on a node with room. The sandbox is the container's (<see cref="ContainerParameters"/>) as
/// far as a service can say it; <see cref="SwarmSandbox.Gaps"/> lists what it cannot.
/// </summary>
internal static class ServiceParameters
{
    public static ServiceSpec For(ContainerSpec spec, string network, DockerOptions options)
    {
        var image = spec.Image;
        var memory = image.MemoryMb * 1024L * 1024L;
        var cpus = (long)(image.Cpus * 1_000_000_000);
        return new ServiceSpec
        {
            Name = NameOf(spec.Name),
            Labels = new Dictionary<string, string>(spec.Labels),
            Mode = new ServiceMode { Replicated = new ReplicatedService { Replicas = 1 } },
            EndpointSpec = new EndpointSpec { Mode = "dnsrr" }, // no virtual address, no published port
            TaskTemplate = new TaskSpec
            {
                ContainerSpec = new global::Docker.DotNet.Models.ContainerSpec
                {
                    Image = image.Image,
                    Command = image.Command.Count > 0 ? [.. image.Command] : null,
                    Env = [.. image.Env.Select(e => $"{e.Key}={e.Value}")],
                    User = string.IsNullOrEmpty(image.User) ? null : image.User,
                    Init = true,
                    StopGracePeriod = 0, // a leased task has no graceful shutdown to honour
                    CapabilityDrop = ["ALL"],
                    CapabilityAdd = [.. image.CapAdd],
                    Ulimits = [new Ulimit { Name = "nofile", Soft = options.MaxOpenFiles, Hard = options.MaxOpenFiles }],
                    ReadOnly = image.ReadOnlyRootFs,
                    Mounts = image.ReadOnlyRootFs ? [ContainerParameters.WritableTmp(image, spec.Labels)] : null,
                    Healthcheck = image.HealthCheck is { } health ? ContainerParameters.HealthConfigFor(health) : null,
                },
                Resources = new ResourceRequirements
                {
                    Limits = new SwarmLimit { MemoryBytes = memory, NanoCPUs = cpus, Pids = image.PidsLimit },
                    Reservations = new SwarmResources { MemoryBytes = memory, NanoCPUs = cpus },
                },
                RestartPolicy = new SwarmRestartPolicy { Condition = "none" },
                Networks = [new NetworkAttachmentConfig { Target = network }],
                LogDriver = new SwarmDriver
                {
                    Name = "json-file",
                    Options = new Dictionary<string, string>
                    {
                        ["max-size"] = $"{options.LogMaxSizeMb.ToString(CultureInfo.InvariantCulture)}m",
                        ["max-file"] = options.LogMaxFiles.ToString(CultureInfo.InvariantCulture),
                    },
                },
            },
        };
    }

    /// <summary>
    /// A service's name is at most 63 characters, so a lease's service is <c>containerlease-&lt;lease id&gt;</c>;
    /// what a container's name carries besides (expiry, owner) its labels carry, which a service can update.
    /// A warm pool member's name is short enough as it is.
    /// </summary>
    public static string NameOf(string containerName) =>
        LeaseName.TryRead(containerName, out var id, out _, out _) ? $"containerlease-{id}" : containerName;
}
