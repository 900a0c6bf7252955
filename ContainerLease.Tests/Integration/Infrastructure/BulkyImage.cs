using System.Formats.Tar;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A local image with weight: the host's static busybox and <c>megabytes</c> of random bytes
/// (which no compression shrinks), so that pulling it takes a moment and reports progress.
/// </summary>
public static class BulkyImage
{
    /// <summary>Imports it as <c>containerlease-test/bulky:&lt;tag&gt;</c> and returns that name; run it with <c>/bin/busybox sleep ...</c>.</summary>
    public static async Task<string> ImportAsync(DockerClient docker, int megabytes, string tag)
    {
        using var tar = new MemoryStream();
        await using (var writer = new TarWriter(tar, TarEntryFormat.Pax, leaveOpen: true))
        {
            var busybox = new PaxTarEntry(TarEntryType.RegularFile, "bin/busybox") { Mode = (UnixFileMode)0b111_101_101 };
            busybox.DataStream = File.OpenRead("/bin/busybox");
            await writer.WriteEntryAsync(busybox);
            var blob = new PaxTarEntry(TarEntryType.RegularFile, "blob") { DataStream = new MemoryStream(RandomNumberGenerator(megabytes)) };
            await writer.WriteEntryAsync(blob);
        }

        tar.Position = 0;
        var name = "containerlease-test/bulky";
        string? error = null;
        await docker.Images.CreateImageAsync(new ImagesCreateParameters { FromSrc = "-", Repo = name, Tag = tag }, tar, null,
            new Progress<JSONMessage>(m => error ??= m.ErrorMessage));
        Assert.True(error is null, $"importing {name}:{tag} failed: {error}");
        return $"{name}:{tag}";
    }

    private static byte[] RandomNumberGenerator(int megabytes) => System.Security.Cryptography.RandomNumberGenerator.GetBytes(megabytes * 1024 * 1024);
}
