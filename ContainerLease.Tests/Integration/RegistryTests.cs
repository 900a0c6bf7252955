using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Catalog images in real registries on loopback: one open, one that takes only its user
/// (Registries:&lt;name&gt; gives the app its credentials), the test image pushed to both and
/// removed locally first, so every lease must pull.
/// </summary>
public sealed class RegistryTests : PrivateApp
{
    private const string Secret = "s3cret-for-the-registry";

    private RegistryServer _open = null!;
    private RegistryServer _private = null!;
    private string _tag = null!;
    private readonly List<string> _pulled = [];

    public override async Task InitializeAsync()
    {
        _open = await RegistryServer.StartAsync();
        _private = await RegistryServer.StartAsync("puller", Secret);
        _tag = Guid.NewGuid().ToString("N")[..12];
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (entry, image) in new[]
        {
            ("open", $"{_open.Host}/cl/busybox:{_tag}"),
            ("ten", $"{_open.Host}/cl/ten:{_tag}"),
            ("private", $"{_private.Host}/cl/busybox:{_tag}"),
            // The same registry under another name, for which the app has no credentials.
            ("no-credentials", $"localhost:{_private.Port}/cl/busybox:{_tag}"),
        })
        {
            settings[$"Catalog:Images:{entry}:Image"] = image;
            settings[$"Catalog:Images:{entry}:Command:0"] = "sleep";
            settings[$"Catalog:Images:{entry}:Command:1"] = "3600";
        }

        settings["Registries:test:Server"] = _private.Host;
        settings["Registries:test:Username"] = "puller";
        settings["Registries:test:Password"] = Secret;
    }

    [Fact]
    public async Task ALeaseOfAnImageInAPrivateRegistry_PullsItWithTheCredentials_AndWithoutThemFailsNamingTheRegistry()
    {
        var open = await _open.PushAsync(Docker, TestSettings.Image, "cl/busybox", _tag);
        var closed = await _private.PushAsync(Docker, TestSettings.Image, "cl/busybox", _tag);
        _pulled.AddRange([open, closed, $"localhost:{_private.Port}/cl/busybox:{_tag}"]);
        using var client = App.CreateClient();

        foreach (var entry in new[] { "open", "private" })
        {
            using var leased = await client.PostAsJsonAsync("/api/provision", new { imageType = entry, durationSeconds = 60 });
            Assert.True(leased.StatusCode == HttpStatusCode.Created, $"{entry}: {await leased.Content.ReadAsStringAsync()}");
        }

        using var refused = await client.PostAsJsonAsync("/api/provision", new { imageType = "no-credentials", durationSeconds = 60 });
        var body = await refused.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.BadGateway, refused.StatusCode);
        var detail = JsonDocument.Parse(body).RootElement.GetProperty("detail").GetString()!;
        Assert.Contains($"localhost:{_private.Port}", detail, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, body, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, await File.ReadAllTextAsync(FileLoggerProvider.PathFor(Installation)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TenSimultaneousLeasesOfAnImageNotYetPulled_CauseOnePull()
    {
        var image = await _open.PushAsync(Docker, TestSettings.Image, "cl/ten", _tag);
        _pulled.Add(image);
        using var client = App.CreateClient();
        var pulls = new ConcurrentBag<string>();
        using var stop = new CancellationTokenSource();
        var watching = Docker.System.MonitorEventsAsync(
            new ContainerEventsParameters { Filters = new Dictionary<string, IDictionary<string, bool>> { ["type"] = new Dictionary<string, bool> { ["image"] = true }, ["event"] = new Dictionary<string, bool> { ["pull"] = true } } },
            new Progress<Message>(m => pulls.Add(m.Actor.ID)), stop.Token);

        var leases = await Task.WhenAll(Enumerable.Range(0, 10).Select(async _ =>
        {
            using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "ten", durationSeconds = 60 });
            Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        }));

        await Task.Delay(TimeSpan.FromSeconds(1)); // the engine's event may trail its answer
        await stop.CancelAsync();
        // Bounded, as in ContainerEvents: the engine's event stream may not notice its cancellation.
        await Task.WhenAny(watching, Task.Delay(TimeSpan.FromSeconds(10)));
        Assert.Equal(10, leases.Select(l => l.ContainerId).Distinct().Count());
        // Only this image's: others share the engine and pull theirs meanwhile.
        Assert.Equal([image], pulls.Where(p => p == image).ToArray());
    }

    protected override async Task DisposeMoreAsync()
    {
        await Cleanup.RemoveContainersAsync(Docker, Installation);
        await Cleanup.RemoveImagesAsync(Docker, _pulled);

        await _open.DisposeAsync();
        await _private.DisposeAsync();
    }
}
