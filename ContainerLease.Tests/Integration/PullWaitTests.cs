using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// <c>Catalog:WaitForPull</c> against a real registry on loopback: a lease whose image must be
/// pulled answers 202 pulling at once, then starts with its clock; a pull that fails ends it.
/// </summary>
public sealed class PullWaitTests : PrivateApp
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    private RegistryServer _registry = null!;
    private string _tag = null!;
    private readonly List<string> _images = [];

    public override async Task InitializeAsync()
    {
        _registry = await RegistryServer.StartAsync();
        _tag = Guid.NewGuid().ToString("N")[..12];
        await base.InitializeAsync();
    }

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Catalog:WaitForPull"] = "true";
        foreach (var (entry, repository) in new[] { ("waited", "cl/waited"), ("missing", "cl/missing") })
        {
            settings[$"Catalog:Images:{entry}:Image"] = $"{_registry.Host}/{repository}:{_tag}";
            settings[$"Catalog:Images:{entry}:Command:0"] = "sleep";
            settings[$"Catalog:Images:{entry}:Command:1"] = "3600";
        }
    }

    [Fact]
    public async Task ALeaseThatMustPull_Answers202Pulling_ThenStarts_WithItsClockFromTheStart()
    {
        _images.Add(await _registry.PushAsync(Docker, TestSettings.Image, "cl/waited", _tag));
        using var client = App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "waited", durationSeconds = 120 });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pulling = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;
        Assert.Equal($"/api/leases/{pulling.LeaseId}", response.Headers.Location?.OriginalString);
        Assert.Equal("pulling", pulling.Status);
        Assert.Equal(string.Empty, pulling.ContainerId);

        var started = await WaitForAsync(client, pulling.LeaseId, l => l.Status != "pulling");
        Assert.Equal("active", started.Status);
        Assert.Equal(TimeSpan.FromSeconds(120), started.ExpiresAt - started.CreatedAt);
        Assert.True(started.CreatedAt >= pulling.CreatedAt, "the clock started before the request");
        Assert.Contains(started.History!, e => e.Kind == "started");
        Assert.StartsWith("sha256:", started.ImageDigest, StringComparison.Ordinal); // the build it ran, as for any lease
        Assert.Null(pulling.ImageDigest);
        var container = await Docker.Containers.InspectContainerAsync(started.ContainerId);
        Assert.True(container.State.Running);
        Assert.Equal(pulling.LeaseId, container.Config.Labels["containerlease.lease-id"]);

        // The image is there now: the next lease of it starts at once.
        using var next = await client.PostAsJsonAsync("/api/provision", new { imageType = "waited", durationSeconds = 60 });
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
    }

    [Fact]
    public async Task APullThatFails_EndsTheLeasePullFailed_WithTheRegistrysMessage_AndLeavesNoContainer()
    {
        using var client = App.CreateClient();

        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "missing", durationSeconds = 60 });
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var pulling = (await response.Content.ReadFromJsonAsync<LeaseResponse>())!;

        var ended = await WaitForAsync(client, pulling.LeaseId, l => l.Status != "pulling");
        Assert.Equal("pull-failed", ended.Status);
        var why = ended.History![^1];
        Assert.Equal("pull-failed", why.Kind);
        Assert.Contains($"{_registry.Host}/cl/missing", why.Detail, StringComparison.Ordinal);
        Assert.Empty(await Docker.Containers.ListContainersAsync(new ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"containerlease.installation={Installation}"] = true } },
        }));
    }

    private static async Task<LeaseResponse> WaitForAsync(HttpClient client, string leaseId, Func<LeaseResponse, bool> done)
    {
        LeaseResponse? lease = null;
        await Eventually.TrueAsync(async () =>
        {
            lease = await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{leaseId}");
            return done(lease!);
        }, Patience, "the lease leaves pulling");
        return lease!;
    }

    protected override async Task DisposeMoreAsync()
    {
        await Cleanup.RemoveContainersAsync(Docker, Installation);
        await Cleanup.RemoveImagesAsync(Docker, _images);

        await _registry.DisposeAsync();
    }
}
