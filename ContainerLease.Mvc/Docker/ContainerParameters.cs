using System.Globalization;
using ContainerLease.Domain.Catalog;
using Docker.DotNet.Models;
using ContainerSpec = ContainerLease.Domain.Ports.ContainerSpec;

namespace ContainerLease.Mvc.Docker;

/// <summary>
/// How every leased container is created: the catalog's image, command and limits inside a
/// sandbox that no catalog entry or request can loosen. The engine's socket is root on the
/// host, so this is the wall between a stranger's process and the machine.
/// </summary>
internal static class ContainerParameters
{
    public static CreateContainerParameters For(ContainerSpec spec, DockerOptions options)
    {
        var image = spec.Image;
        var memory = image.MemoryMb * 1024L * 1024L;
        return new CreateContainerParameters
        {
            Name = spec.Name,
            Image = image.Image,
            Cmd = image.Command.Count > 0 ? [.. image.Command] : null,
            Env = [.. image.Env.Select(e => $"{e.Key}={e.Value}")],
            User = string.IsNullOrEmpty(image.User) ? null : image.User,
            Labels = new Dictionary<string, string>(spec.Labels),
            Healthcheck = image.HealthCheck is { } health ? HealthConfigFor(health) : null,
            HostConfig = new HostConfig
            {
                Memory = memory,
                MemorySwap = memory, // equal to Memory: no swap beyond the limit
                NanoCPUs = (long)(image.Cpus * 1_000_000_000),
                PidsLimit = image.PidsLimit,
                NetworkMode = image.Network == LeaseNetwork.Bridge ? LeaseNetwork.Name(LeaseNetwork.InstallationOf(spec.Labels), image.Egress) : "none",
                Privileged = false,
                CapDrop = ["ALL"],
                CapAdd = [.. image.CapAdd],
                SecurityOpt = ["no-new-privileges"],

                // An init reaps zombies and forwards signals, so a stop is quick and clean.
                Init = true,
                Ulimits = [new Ulimit { Name = "nofile", Soft = options.MaxOpenFiles, Hard = options.MaxOpenFiles }],
                LogConfig = new LogConfig
                {
                    Type = "json-file",
                    Config = new Dictionary<string, string>
                    {
                        ["max-size"] = $"{options.LogMaxSizeMb.ToString(CultureInfo.InvariantCulture)}m",
                        ["max-file"] = options.LogMaxFiles.ToString(CultureInfo.InvariantCulture),
                    },
                },
                ReadonlyRootfs = image.ReadOnlyRootFs,
                Mounts = image.ReadOnlyRootFs ? [WritableTmp(image, spec.Labels)] : null,
            },
        };
    }

    /// <summary>
    /// The writable /tmp of a read-only root: a tmpfs of <c>TmpfsMb</c> made by the engine's local
    /// volume driver, not the engine's own <c>--tmpfs</c>, because the engine's archive API (file
    /// uploads and downloads) sees volumes only. With <c>--tmpfs</c> Docker 20.10 refuses to write
    /// even under /tmp ("rootfs is marked read-only"), and with a <c>tmpfs</c> mount it writes
    /// beneath the mount, where the container never sees the file. The volume is anonymous, carries
    /// the lease's labels, and is removed with its container.
    /// </summary>
    /// <remarks>A Swarm service's task gets the same (<see cref="Swarm.ServiceParameters"/>).</remarks>
    internal static Mount WritableTmp(CatalogImage image, IReadOnlyDictionary<string, string> labels) => new()
    {
        Type = "volume",
        Target = "/tmp",
        VolumeOptions = new VolumeOptions
        {
            Labels = new Dictionary<string, string>(labels),
            DriverConfig = new Driver
            {
                Name = "local",
                Options = new Dictionary<string, string>
                {
                    ["type"] = "tmpfs",
                    ["device"] = "tmpfs",
                    ["o"] = $"size={image.TmpfsMb.ToString(CultureInfo.InvariantCulture)}m,nosuid,nodev,mode=1777",
                },
            },
        },
    };

    internal static HealthConfig HealthConfigFor(HealthCheck health) => new()
    {
        Test = ["CMD-SHELL", health.Command],
        Interval = health.Interval,
        Timeout = health.Timeout,
        Retries = health.Retries,
    };
}
