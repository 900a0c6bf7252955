using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.Configuration;

namespace ContainerLease.Bench;

/// <summary>The real app on Kestrel, on the Redis and Docker engine the README's run command starts.</summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string Image = "containerlease/busybox:1.35";

    private readonly IReadOnlyDictionary<string, string?> _overrides;

    /// <param name="overrides">Settings that replace the defaults below for one benchmark.</param>
    public BenchApp(IReadOnlyDictionary<string, string?>? overrides = null)
    {
        _overrides = overrides ?? new Dictionary<string, string?>();
        UseKestrel(0);
    }

    /// <summary>The bench's own admin, made up per run: the app accepts only configured users.</summary>
    public static readonly string ApiKey = Passwords.NewApiKey();

    public string InstallationId { get; } = "bench-" + Guid.NewGuid().ToString("N")[..8];

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        client.DefaultRequestHeaders.Add(ApiKeyHandler.Header, ApiKey);
    }

    /// <summary>Stops the app, then removes whatever it left on the engine (warm pool members stay when an app stops, as they should in a real installation).</summary>
    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        using var docker = new Docker.DotNet.DockerClientConfiguration().CreateClient();
        var left = await docker.Containers.ListContainersAsync(new Docker.DotNet.Models.ContainersListParameters
        {
            All = true,
            Filters = new Dictionary<string, IDictionary<string, bool>> { ["label"] = new Dictionary<string, bool> { [$"containerlease.installation={InstallationId}"] = true } },
        });
        foreach (var container in left)
        {
            await docker.Containers.RemoveContainerAsync(container.ID, new Docker.DotNet.Models.ContainerRemoveParameters { Force = true, RemoveVolumes = true });
        }
    }

    /// <summary>
    /// The one place where benchmarks get an HTTP client for the app: whatever every API request
    /// needs (such as an API key header once the API asks for one) is added here.
    /// </summary>
    public HttpClient CreateApiClient() => CreateClient();

    /// <summary>A connection to one of the app's hubs, at the address of <paramref name="client"/>; whatever hub requests need goes here too.</summary>
    public static HubConnection CreateHub(HttpClient client, string path) =>
        new HubConnectionBuilder().WithUrl(new Uri(client.BaseAddress!, path), options => options.Headers[ApiKeyHandler.Header] = ApiKey).Build();

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(config => config
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "localhost:6379",
                ["Leases:InstallationId"] = InstallationId,
                ["Auth:Users:bench:Role"] = Roles.Admin,
                ["Auth:Users:bench:ApiKeySha256"] = Passwords.ApiKeySha256(ApiKey),
                ["Leases:MinimumDuration"] = "00:00:01",
                ["Leases:MaxActivePerUser"] = "100000",
                ["Logs:MaxStreamsPerUser"] = "10000",
                ["Live:MaxConnectionsPerUser"] = "10000",
                ["Leases:MaxMemoryMbPerUser"] = "10000000",
                ["RateLimits:ProvisionBurst"] = "100000",
                ["RateLimits:ProvisionsPerMinute"] = "100000",
                ["Logging:LogLevel:Default"] = "Warning",
                // Benchmarks run with their images present; the shipped catalog's images are not reachable offline.
                ["Catalog:PullOnStart"] = "false",
                // The flood writes ~20 MB of log; the engine's follow repeats lines across a rotation
                // (Docker 20.10 json-file), which would count as lines seen twice.
                ["Docker:LogMaxSizeMb"] = "500",
                ["Catalog:Images:bench:Image"] = Image,
                ["Catalog:Images:bench:Command:0"] = "sleep",
                ["Catalog:Images:bench:Command:1"] = "3600",
                ["Catalog:Images:bench:MemoryMb"] = "32",
                ["Catalog:Images:bench:Cpus"] = "0.25",
                ["Catalog:Images:bench:PidsLimit"] = "16",
                ["Catalog:Images:flood:Image"] = Image,
                ["Catalog:Images:flood:Command:0"] = "sh",
                ["Catalog:Images:flood:Command:1"] = "-c",
                ["Catalog:Images:flood:Command:2"] = LogsBenchmark.FloodScript,
                ["Catalog:Images:flood:MemoryMb"] = "64",
                ["Catalog:Images:flood:Cpus"] = "1",
            })
            .AddInMemoryCollection(_overrides));
}
