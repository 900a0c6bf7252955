using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Two app processes sharing one Redis and one engine, and a catalog image only a real registry on
/// loopback has: leases of it on both at once pull it once, the pull lock in Redis making one
/// instance wait for the other's pull.
/// </summary>
public sealed class PullAcrossInstancesTests : PrivateInstallation
{
    private RegistryServer _registry = null!;
    private string? _image;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _registry = await RegistryServer.StartAsync();
    }

    [Fact]
    public async Task TenLeasesSplitAcrossTwoInstances_OfAnImageNotYetPulled_CauseOnePull()
    {
        var tag = Guid.NewGuid().ToString("N")[..12];
        var made = await MadeImages.BusyboxWithAsync(Docker, $"containerlease-test/made-{tag}:1", 16 << 20);
        _image = await _registry.PushAsync(Docker, made, "cl/shared", tag);
        await Docker.Images.DeleteImageAsync(made, new ImageDeleteParameters());
        var settings = Settings;
        settings["Catalog:Images:shared:Image"] = _image;
        settings["Catalog:Images:shared:Command:0"] = "sleep";
        settings["Catalog:Images:shared:Command:1"] = "3600";
        await using var a = await AppProcess.StartAsync(settings);
        await using var b = await AppProcess.StartAsync(settings);
        await using var pulls = await PullEvents.WatchAsync(Docker);

        using var go = new SemaphoreSlim(0);
        var answers = Enumerable.Range(0, 10).Select(async i =>
        {
            await go.WaitAsync();
            using var response = await (i % 2 == 0 ? a : b).Client.PostAsJsonAsync("/api/provision", new { imageType = "shared", durationSeconds = 60 });
            return (response.StatusCode, await response.Content.ReadAsStringAsync());
        }).ToList();
        go.Release(answers.Count);
        await Task.WhenAll(answers);

        var events = await pulls.StopAsync();
        Assert.Equal([_image], events.Where(e => e == _image));
        var waited = a.Output.Contains("Another instance is pulling", StringComparison.Ordinal) || b.Output.Contains("Another instance is pulling", StringComparison.Ordinal);
        Assert.True(waited, "one instance waited for the other's pull");
        Assert.All(answers, t => Assert.True(t.Result.StatusCode == HttpStatusCode.Created, t.Result.Item2));
    }

    public override async Task DisposeAsync()
    {
        await Cleanup.RemoveContainersAsync(Docker, Installation);
        if (_image is not null)
        {
            await Cleanup.RemoveImagesAsync(Docker, [_image]);
        }

        await _registry.DisposeAsync();
        await base.DisposeAsync();
    }
}
