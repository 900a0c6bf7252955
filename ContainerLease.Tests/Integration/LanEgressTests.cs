using ContainerLease.Domain.Leases;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// Bridged leases and the LAN, with real packets: a listener the test owns in a private range
/// (<see cref="LanHost"/>) is out of reach of an entry with the default egress, <c>internet</c>,
/// and within reach of one whose operator chose <c>lan</c>.
/// </summary>
public sealed class LanEgressTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        // The internet entry leaves Egress unset: internet is the default.
        settings["Catalog:Images:lan:Egress"] = "lan";
        foreach (var id in new[] { "internet", "lan" })
        {
            settings[$"Catalog:Images:{id}:Image"] = TestSettings.Image;
            settings[$"Catalog:Images:{id}:Command:0"] = "sleep";
            settings[$"Catalog:Images:{id}:Command:1"] = "3600";
            settings[$"Catalog:Images:{id}:Network"] = "bridge";
        }
    }

    [Fact]
    public async Task AnInternetLease_CannotReachThePrivateRange_ALanLeaseCan()
    {
        await using var lan = await LanHost.StartAsync();
        using var client = App.CreateClient();
        var internet = await client.ProvisionAsync("internet");
        var local = await client.ProvisionAsync("lan");

        // busybox-static's wget crashes in these images; nc speaks plain HTTP as well.
        var get = $"printf 'GET /index.html HTTP/1.0\\r\\n\\r\\n' | nc -w 3 {lan.Address} {LanHost.Port}";
        var (lanExit, lanOutput) = await ExecAsync(local.ContainerId, get);
        Assert.True(lanExit == 0 && lanOutput.Contains(LanHost.Page, StringComparison.Ordinal), $"the lan lease: exit {lanExit}, '{lanOutput}'");

        var (internetExit, internetOutput) = await ExecAsync(internet.ContainerId, get);
        Assert.True(internetExit != 0 && internetOutput.Length == 0, $"the internet lease reached the LAN: exit {internetExit}, '{internetOutput}'");
    }

    [Fact]
    public async Task EachEgressClass_HasItsOwnBridge_WhoseInterfaceTheRulesTellApart()
    {
        using var client = App.CreateClient();
        var internet = await client.ProvisionAsync("internet");
        var local = await client.ProvisionAsync("lan");

        var internetNetwork = await NetworkOfAsync(internet.ContainerId);
        var lanNetwork = await NetworkOfAsync(local.ContainerId);

        Assert.Equal($"containerlease-{Installation}", internetNetwork.Name);
        Assert.Equal($"containerlease-{Installation}-lan", lanNetwork.Name);
        Assert.StartsWith("cl-", internetNetwork.Options["com.docker.network.bridge.name"], StringComparison.Ordinal);
        Assert.DoesNotMatch("^cl-l", internetNetwork.Options["com.docker.network.bridge.name"]);
        Assert.StartsWith("cl-l", lanNetwork.Options["com.docker.network.bridge.name"], StringComparison.Ordinal);
        Assert.Equal("false", lanNetwork.Options["com.docker.network.bridge.enable_icc"]);
    }

    private async Task<NetworkResponse> NetworkOfAsync(string containerId)
    {
        var name = Assert.Single((await Docker.Containers.InspectContainerAsync(containerId)).NetworkSettings.Networks).Key;
        return await Docker.Networks.InspectNetworkAsync(name);
    }

    private async Task<(long ExitCode, string Output)> ExecAsync(string containerId, string command)
    {
        var exec = await Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", command], AttachStdout = true, AttachStderr = true });
        string stdout;
        using (var stream = await Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false))
        {
            (stdout, _) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        }

        return ((await Docker.Exec.InspectContainerExecAsync(exec.ID)).ExitCode, stdout);
    }
}
