using System.Formats.Tar;
using System.Security.Cryptography;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>Images made here from nothing (docker import of a tar), each unlike any other, for tests that need a new build or bytes to pull.</summary>
public static class MadeImages
{
    /// <summary>Imports an image of one file of <paramref name="randomBytes"/> random bytes as <paramref name="name"/> (repository:tag); returns the name.</summary>
    public static async Task<string> ImportAsync(DockerClient docker, string name, int randomBytes = 1024)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, leaveOpen: true))
        {
            var entry = new PaxTarEntry(TarEntryType.RegularFile, "payload") { DataStream = new MemoryStream(RandomNumberGenerator.GetBytes(randomBytes)) };
            await writer.WriteEntryAsync(entry);
        }

        tar.Position = 0;
        var colon = name.LastIndexOf(':');
        string? error = null;
        await docker.Images.CreateImageAsync(
            new ImagesCreateParameters { FromSrc = "-", Repo = name[..colon], Tag = name[(colon + 1)..] },
            tar, null, new Progress<JSONMessage>(m => error ??= m.ErrorMessage));
        Assert.True(error is null, $"importing {name} failed: {error}");
        return name;
    }

    /// <summary>
    /// Commits the tests' busybox with <paramref name="randomBytes"/> random bytes added as <paramref name="name"/>:
    /// an image that runs (sleep) and has a layer of its own to pull.
    /// </summary>
    public static async Task<string> BusyboxWithAsync(DockerClient docker, string name, int randomBytes)
    {
        var created = await docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = TestSettings.Image,
            Cmd = ["sh", "-c", $"head -c {randomBytes} /dev/urandom > /payload"],
            HostConfig = new HostConfig { NetworkMode = "none" },
        });
        try
        {
            await docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
            var exit = await docker.Containers.WaitContainerAsync(created.ID);
            Assert.Equal(0, exit.StatusCode);
            var colon = name.LastIndexOf(':');
            await docker.Images.CommitContainerChangesAsync(new CommitContainerChangesParameters { ContainerID = created.ID, RepositoryName = name[..colon], Tag = name[(colon + 1)..] });
            return name;
        }
        finally
        {
            await docker.Containers.RemoveContainerAsync(created.ID, new ContainerRemoveParameters { Force = true });
        }
    }
}
