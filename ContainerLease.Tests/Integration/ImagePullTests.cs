using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Domain.Images;
using ContainerLease.Domain.Ports;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Catalog images pulled before anyone asks, from a real registry on loopback: their states in
/// GET /api/images, Catalog:PullOnStart, a moved tag pulled again on refresh, and the digest a lease ran.
/// </summary>
public sealed class ImagePullTests(ITestOutputHelper output) : PrivateInstallation
{
    private RegistryServer _registry = null!;
    private readonly string _tag = Guid.NewGuid().ToString("N")[..12];
    private readonly List<LeaseApp> _apps = [];
    private readonly List<string> _names = [];
    private readonly List<string> _madeIds = [];

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _registry = await RegistryServer.StartAsync();
    }

    [Fact]
    public async Task ImagesApi_ShowsAnImageMissing_ThenReadyWithItsDigest_OnceALeasePulledIt()
    {
        var image = await PushAsync(TestSettings.Image, "cl/state");
        using var client = Start(Catalog(("fresh", image))).CreateClient();

        var missing = await StateAsync(client, "fresh");
        Assert.Equal("missing", missing.GetProperty("status").GetString());

        using var leased = await client.PostAsJsonAsync("/api/provision", new { imageType = "fresh", durationSeconds = 60 });
        Assert.True(leased.StatusCode == HttpStatusCode.Created, await leased.Content.ReadAsStringAsync());

        var ready = await StateAsync(client, "fresh");
        Assert.Equal("ready", ready.GetProperty("status").GetString());
        Assert.Equal(await RegistryDigestAsync(image), ready.GetProperty("digest").GetString());
        Assert.StartsWith("sha256:", ready.GetProperty("imageId").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PullOnStart_MakesEveryCatalogImageReady_WithoutALease()
    {
        var images = new[]
        {
            ("one", await PushAsync(TestSettings.Image, "cl/one")),
            ("two", await PushAsync(await MadeAsync(32 << 20), "cl/two")),
            ("three", await PushAsync(await MadeAsync(32 << 20), "cl/three")),
        };
        var settings = Catalog(images);
        settings["Catalog:PullOnStart"] = "true";

        var clock = Stopwatch.StartNew();
        using var client = Start(settings).CreateClient();
        // Only ours: the app's own appsettings.json adds its sample entries (from Docker Hub, unreachable here).
        await Eventually.TrueAsync(async () => (await StatesAsync(client)).Where(s => images.Any(i => i.Item1 == s.Key)).All(s => s.Value.GetProperty("status").GetString() == "ready"),
            TimeSpan.FromSeconds(60), "every catalog image is ready");
        output.WriteLine($"From app start to 3 catalog images ready (busybox 2 MB and two of 32 MB, from the local registry): {clock.ElapsedMilliseconds} ms");

        foreach (var (entry, image) in images)
        {
            Assert.Equal(await RegistryDigestAsync(image), (await StateAsync(client, entry)).GetProperty("digest").GetString());
        }
    }

    [Fact]
    public async Task ATagThatMoved_IsPulledAgainOnRefresh_AndItsStateShowsTheNewDigest()
    {
        var image = await PushAsync(await MadeAsync(), "cl/moving");
        var settings = Catalog(("moving", image));
        settings["Catalog:PullOnStart"] = "true";
        settings["Catalog:RefreshInterval"] = "00:00:01";
        using var client = Start(settings).CreateClient();
        var first = await Eventually.ValueAsync(() => StateAsync(client, "moving"), s => s.GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(30), "the image is ready");
        var before = first.GetProperty("digest").GetString();

        var moved = await PushAsync(await MadeAsync(), "cl/moving");
        Assert.Equal(image, moved);

        var after = await Eventually.ValueAsync(() => StateAsync(client, "moving"),
            s => s.GetProperty("status").GetString() == "ready" && s.GetProperty("digest").GetString() != before, TimeSpan.FromSeconds(30), "the state shows the moved tag's digest");
        Assert.Equal(await RegistryDigestAsync(image), after.GetProperty("digest").GetString());
        _madeIds.Add(first.GetProperty("imageId").GetString()!); // Dangling now: the tag names the new one.
        Assert.Contains($"The tag of catalog image {image} moved", await File.ReadAllTextAsync(FileLoggerProvider.PathFor(Installation)), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ARefreshThatFails_LeavesTheImageReady_AndIsLogged()
    {
        var image = await PushAsync(await MadeAsync(), "cl/stays");
        var settings = Catalog(("stays", image));
        settings["Catalog:PullOnStart"] = "true";
        settings["Catalog:RefreshInterval"] = "00:00:01";
        using var client = Start(settings).CreateClient();
        await Eventually.ValueAsync(() => StateAsync(client, "stays"), s => s.GetProperty("status").GetString() == "ready", TimeSpan.FromSeconds(30), "the image is ready");

        await _registry.StopAsync();

        await Eventually.TrueAsync(async () => (await File.ReadAllTextAsync(FileLoggerProvider.PathFor(Installation))).Contains($"Checking the tag of catalog image {image} failed", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30), "the failed refresh is logged");
        Assert.Equal("ready", (await StateAsync(client, "stays")).GetProperty("status").GetString());
    }

    [Fact]
    public async Task AnEntryPinnedByDigest_IsLeasedAtThatDigest_WhichTheLeaseAndItsHistoryRecord_AsATaggedEntryRecordsItsOwn()
    {
        var digest = await RegistryDigestAsync(await PushAsync(TestSettings.Image, "cl/pinned"));
        var pinned = $"{_registry.Host}/cl/pinned@{digest}";
        _names.Add(pinned);
        var tagged = await PushAsync(TestSettings.Image, "cl/tagged");
        using var client = Start(Catalog(("pinned", pinned), ("tagged", tagged))).CreateClient();

        foreach (var entry in new[] { "pinned", "tagged" })
        {
            using var leased = await client.PostAsJsonAsync("/api/provision", new { imageType = entry, durationSeconds = 60 });
            var body = await leased.Content.ReadAsStringAsync();
            Assert.True(leased.StatusCode == HttpStatusCode.Created, body);
            var lease = JsonDocument.Parse(body).RootElement;
            var expected = entry == "pinned" ? digest : await RegistryDigestAsync(tagged);
            Assert.Equal(expected, lease.GetProperty("imageDigest").GetString());

            var detailed = await client.GetFromJsonAsync<JsonElement>($"/api/leases/{lease.GetProperty("leaseId").GetString()}");
            Assert.Equal(expected, detailed.GetProperty("imageDigest").GetString());
            Assert.EndsWith($"image {expected}", detailed.GetProperty("history")[0].GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task EveryCallerWaitingForOnePull_IsToldItsBytes_AndAdminsSeeTheStateOnThePage()
    {
        var image = await PushAsync(await MadeAsync(16 << 20), "cl/bytes");
        var app = Start(Catalog(("bytes", image)));
        var runtime = app.Services.GetRequiredService<IContainerRuntime>();
        var told = new[] { new List<PullProgress>(), new List<PullProgress>() };

        await Task.WhenAll(told.Select(list => runtime.EnsureImageAsync(image, new Told(list))));

        foreach (var list in told)
        {
            var last = list[^1];
            Assert.True(last.BytesTotal >= 16 << 20, $"the total is the image's size: {last}");
            Assert.Equal(last.BytesTotal, last.BytesDone);
            Assert.Equal(100, last.Percent);
        }

        using var admin = app.CreateClient().As(TestUsers.Admin);
        var page = await admin.GetStringAsync("/");
        Assert.Contains("data-image-entry=\"bytes\" data-image-state=\"ready\"", page, StringComparison.Ordinal);
        using var user = app.CreateClient();
        Assert.DoesNotContain("image-states", await user.GetStringAsync("/"), StringComparison.Ordinal);
        using var refused = await user.GetAsync("/images/states");
        Assert.NotEqual(HttpStatusCode.OK, refused.StatusCode);
    }

    /// <summary>Keeps what it is told, as it is told (Progress&lt;T&gt; would post it to the pool, out of order).</summary>
    private sealed class Told(List<PullProgress> list) : IProgress<PullProgress>
    {
        public void Report(PullProgress value)
        {
            lock (list)
            {
                list.Add(value);
            }
        }
    }

    [Fact]
    public async Task AFailedPullOnStart_ShowsFailed_WithTheReason_AndWhenItIsTriedAgain()
    {
        var settings = Catalog(("absent", $"{_registry.Host}/cl/never-pushed:{_tag}"));
        settings["Catalog:PullOnStart"] = "true";
        using var client = Start(settings).CreateClient();

        var failed = await Eventually.ValueAsync(() => StateAsync(client, "absent"),
            s => s.GetProperty("status").GetString() == "failed" && s.GetProperty("retryAt").ValueKind == JsonValueKind.String, TimeSpan.FromSeconds(30), "the pull failed");

        Assert.Contains("not found", failed.GetProperty("reason").GetString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(failed.GetProperty("retryAt").GetDateTimeOffset() > failed.GetProperty("failedAt").GetDateTimeOffset());
    }

    /// <summary>The catalog of just these entries (sleepers), on this installation.</summary>
    private Dictionary<string, string?> Catalog(params (string Entry, string Image)[] entries)
    {
        var settings = Settings;
        foreach (var key in settings.Keys.Where(k => k.StartsWith("Catalog:Images:", StringComparison.Ordinal)).ToList())
        {
            settings.Remove(key);
        }

        foreach (var (entry, image) in entries)
        {
            settings[$"Catalog:Images:{entry}:Image"] = image;
            settings[$"Catalog:Images:{entry}:Command:0"] = "sleep";
            settings[$"Catalog:Images:{entry}:Command:1"] = "3600";
        }

        return settings;
    }

    private LeaseApp Start(Dictionary<string, string?> settings)
    {
        var app = new LeaseApp(settings);
        _apps.Add(app);
        return app;
    }

    private async Task<string> PushAsync(string local, string repository)
    {
        var name = await _registry.PushAsync(Docker, local, repository, _tag);
        _names.Add(name);
        if (local != TestSettings.Image)
        {
            // Made here: gone from the engine, so the app must pull all of it.
            await Docker.Images.DeleteImageAsync(local, new ImageDeleteParameters());
        }

        return name;
    }

    /// <summary>An image unlike any other, its local name removed once pushed (its id is removed at the end).</summary>
    private async Task<string> MadeAsync(int bytes = 1024)
    {
        var name = await MadeImages.ImportAsync(Docker, $"containerlease-test/made-{Guid.NewGuid():N}:1", bytes);
        _madeIds.Add((await Docker.Images.InspectImageAsync(name)).ID);
        _names.Add(name);
        return name;
    }

    /// <summary>The registry's digest of the tagged image as the engine pulled it (pulling it now if the engine lacks it).</summary>
    private async Task<string> RegistryDigestAsync(string image)
    {
        var (repository, tag) = (image[..image.LastIndexOf(':')], image[(image.LastIndexOf(':') + 1)..]);
        try
        {
            return Own(await Docker.Images.InspectImageAsync(image));
        }
        catch (DockerImageNotFoundException)
        {
            await Docker.Images.CreateImageAsync(new ImagesCreateParameters { FromImage = repository, Tag = tag }, null, new Progress<JSONMessage>());
            return Own(await Docker.Images.InspectImageAsync(image));
        }

        // The tests' busybox is pushed to many repositories: its digest in this one.
        string Own(ImageInspectResponse found) => found.RepoDigests.Single(d => d.StartsWith(repository + "@", StringComparison.Ordinal)).Split('@')[1];
    }

    private static async Task<Dictionary<string, JsonElement>> StatesAsync(HttpClient client)
    {
        var catalog = await client.GetFromJsonAsync<JsonElement>("/api/images");
        return catalog.GetProperty("images").EnumerateArray().ToDictionary(i => i.GetProperty("id").GetString()!, i => i.GetProperty("state"));
    }

    private static async Task<JsonElement> StateAsync(HttpClient client, string entry) => (await StatesAsync(client))[entry];

    public override async Task DisposeAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        await Cleanup.RemoveContainersAsync(Docker, Installation);
        // By name first (a pushed busybox shares its id with the tests' image, which must stay), then the made ones by id.
        foreach (var image in _names.Concat(_madeIds))
        {
            try
            {
                await Docker.Images.DeleteImageAsync(image, new ImageDeleteParameters { Force = _madeIds.Contains(image) });
            }
            catch (DockerImageNotFoundException)
            {
                // Never pulled, or gone with its last name.
            }
        }

        await _registry.DisposeAsync();
        await base.DisposeAsync();
    }
}
