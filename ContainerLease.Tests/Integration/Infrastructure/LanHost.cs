using System.Diagnostics;
using ContainerLease.Tests.Deployment;

namespace ContainerLease.Tests.Integration.Infrastructure;

/// <summary>
/// A stand-in for a machine on the LAN, owned by the test: a network namespace joined to the
/// host by a veth pair in a private range (10.254.x.0/30), serving one page with busybox's httpd.
/// The host routes to it as it would to the LAN, so a bridged lease's packets to it pass
/// DOCKER-USER like any other forwarded traffic. (A second Docker network would not do: Docker
/// already isolates its bridges from each other, with or without the egress rules.)
/// </summary>
public sealed class LanHost : IAsyncDisposable
{
    public const string Page = "reached-the-lan";

    private readonly string _namespace;
    private readonly string _hostLink;
    private Process? _httpd;

    private LanHost(string suffix, int subnet)
    {
        _namespace = "cltest-" + suffix;
        _hostLink = "cltv" + suffix;
        Address = $"10.254.{subnet}.2";
    }

    public const int Port = 7000;

    public string Address { get; }

    public string Url => $"http://{Address}:{Port}/index.html";

    public static async Task<LanHost> StartAsync()
    {
        var suffix = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray())[..6];
        var host = new LanHost(suffix, Random.Shared.Next(1, 255));
        try
        {
            await host.SetUpAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    private async Task SetUpAsync()
    {
        var inner = "cltn" + _hostLink[4..];
        var gateway = Address[..^1] + "1";
        await IpAsync("netns", "add", _namespace);
        await IpAsync("link", "add", _hostLink, "type", "veth", "peer", "name", inner);
        await IpAsync("link", "set", inner, "netns", _namespace);
        await IpAsync("addr", "add", gateway + "/30", "dev", _hostLink);
        await IpAsync("link", "set", _hostLink, "up");
        await IpAsync("-n", _namespace, "addr", "add", Address + "/30", "dev", inner);
        await IpAsync("-n", _namespace, "link", "set", inner, "up");
        await IpAsync("-n", _namespace, "link", "set", "lo", "up");
        await IpAsync("-n", _namespace, "route", "add", "default", "via", gateway);

        var root = Directory.CreateTempSubdirectory("cltest-lan-").FullName;
        await File.WriteAllTextAsync(Path.Combine(root, "index.html"), Page);
        _httpd = Process.Start(new ProcessStartInfo("ip", ["netns", "exec", _namespace, "busybox", "httpd", "-f", "-p", $"{Address}:{Port}", "-h", root]))
            ?? throw new InvalidOperationException("busybox httpd did not start.");

        // Control: the host itself reaches the page, so a lease that does not is kept off by a rule.
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return await http.GetStringAsync(Url) == Page;
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "the LAN stand-in serves its page to the host");
    }

    public async ValueTask DisposeAsync()
    {
        if (_httpd is { } httpd)
        {
            httpd.Kill(entireProcessTree: true);
            await httpd.WaitForExitAsync();
            httpd.Dispose();
        }

        // Deleting the namespace takes its end of the veth pair, and with it the host's end; the
        // link is deleted as well for a set-up that failed before the namespace held it, so
        // either command may find nothing left to delete.
        await Command.RunAsync("ip", ["netns", "delete", _namespace], "/", TimeSpan.FromSeconds(10));
        await Command.RunAsync("ip", ["link", "delete", _hostLink], "/", TimeSpan.FromSeconds(10));
    }

    private static async Task IpAsync(params string[] arguments)
    {
        var result = await Command.RunAsync("ip", arguments, "/", TimeSpan.FromSeconds(10));
        if (!result.Succeeded)
        {
            throw new InvalidOperationException(result.Describe());
        }
    }
}
