using ContainerLease.Mvc.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;

namespace ContainerLease.Bench;

/// <summary>The real app on Kestrel, on the Redis and Docker engine the README's run command starts.</summary>
internal sealed class BenchApp : WebApplicationFactory<Program>
{
    public const string Image = "containerlease/busybox:1.35";

    public BenchApp()
    {
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

    protected override void ConfigureWebHost(IWebHostBuilder builder) =>
        builder.ConfigureAppConfiguration(config => config.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:Redis"] = Environment.GetEnvironmentVariable("BENCH_REDIS") ?? "localhost:6379",
            ["Leases:InstallationId"] = InstallationId,
            ["Auth:Users:bench:Role"] = Roles.Admin,
            ["Auth:Users:bench:ApiKeySha256"] = Passwords.ApiKeySha256(ApiKey),
            ["Leases:MinimumDuration"] = "00:00:01",
            ["Leases:MaxActivePerUser"] = "100000",
            ["Leases:MaxMemoryMbPerUser"] = "10000000",
            ["RateLimits:ProvisionBurst"] = "100000",
            ["RateLimits:ProvisionsPerMinute"] = "100000",
            ["Logging:LogLevel:Default"] = "Warning",
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
        }));
}
