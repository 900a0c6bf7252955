using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using ContainerLease.Domain.Leases;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;

namespace ContainerLease.Tests.Integration;

/// <summary>The sandbox every leased container runs in, inspected on the real engine and pushed on.</summary>
public sealed class SandboxTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Docker:LogMaxSizeMb"] = "1";
        settings["Docker:LogMaxFiles"] = "2";
        settings["Docker:MaxOpenFiles"] = "256";
        Entry(settings, "forker", "for i in $(seq 60); do sleep 600 & done; echo spawned; sleep 3600", pids: 16);
        Entry(settings, "hog", "echo eating; x=aaaaaaaaaaaaaaaa; while true; do x=$x$x; done", memoryMb: 16);
        Entry(settings, "flood", "i=0; while [ $i -lt 120000 ]; do i=$((i+1)); echo \"flood line $i with some padding to make it longer\"; done; sleep 3600");
        Entry(settings, "readonly", "sleep 3600");
        settings["Catalog:Images:readonly:ReadOnlyRootFs"] = "true";
        settings["Catalog:Images:readonly:TmpfsMb"] = "8";
        Entry(settings, "bridged", "sleep 3600");
        settings["Catalog:Images:bridged:Network"] = "bridge";
    }

    [Fact]
    public async Task EveryCatalogEntry_RunsWithTheSandbox()
    {
        using var client = App.CreateClient();
        foreach (var imageType in new[] { "sleeper", "healthy", "counter", "readonly" })
        {
            var lease = await client.ProvisionAsync(imageType);
            var host = (await Docker.Containers.InspectContainerAsync(lease.ContainerId)).HostConfig;

            Assert.False(host.Privileged);
            Assert.Equal(["ALL"], host.CapDrop);
            Assert.True(host.CapAdd is null || host.CapAdd.Count == 0);
            Assert.Contains("no-new-privileges", host.SecurityOpt);
            Assert.True(host.Init);
            Assert.True(host.Binds is null || host.Binds.Count == 0);
            Assert.True(host.Devices is null || host.Devices.Count == 0);
            Assert.True(string.IsNullOrEmpty(host.PidMode) && string.IsNullOrEmpty(host.UTSMode) && host.IpcMode != "host");
            Assert.Equal("none", host.NetworkMode);
            Assert.Equal(host.Memory, host.MemorySwap);
            Assert.True(host.Memory > 0 && host.NanoCPUs > 0 && host.PidsLimit > 0);
            Assert.Equal("json-file", host.LogConfig.Type);
            Assert.Equal("1m", host.LogConfig.Config["max-size"]);
            Assert.Equal("2", host.LogConfig.Config["max-file"]);
            var nofile = Assert.Single(host.Ulimits, u => u.Name == "nofile");
            Assert.Equal(256, nofile.Hard);
            Assert.Equal(imageType == "readonly", host.ReadonlyRootfs);
        }
    }

    [Fact]
    public async Task ReadOnlyEntry_CannotWriteItsRootButCanWriteTmp()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("readonly");

        Assert.NotEqual(0, await ExecAsync(lease.ContainerId, "touch /root-file"));
        Assert.Equal(0, await ExecAsync(lease.ContainerId, "touch /tmp/scratch"));
    }

    [Fact]
    public async Task ForkBomb_StopsAtThePidsLimit()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("forker");

        // The shell asks for 60 processes; the engine refuses past 16, and the shell gives up.
        await Eventually.TrueAsync(async () => (await LogsAsync(lease.ContainerId)).Contains("can't fork", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "forking is refused");
        Assert.DoesNotContain("spawned", await LogsAsync(lease.ContainerId), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/containers")).StatusCode);
    }

    [Fact]
    public async Task MemoryHog_IsKilledInsideItsOwnContainer_AndTheAppKeepsServing()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("hog");

        await Eventually.TrueAsync(
            async () => (await Docker.Containers.InspectContainerAsync(lease.ContainerId)).State is { Running: false, OOMKilled: true }
                || (await ExitCodeAsync(lease.ContainerId)) == 137,
            TimeSpan.FromSeconds(30),
            "the hog is killed by its own memory limit");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/containers")).StatusCode);
        Assert.Equal("active", (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{lease.LeaseId}"))!.Status);
    }

    [Fact]
    public async Task LogFlood_StaysWithinTheRotationSize()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("flood");
        var logPath = (await Docker.Containers.InspectContainerAsync(lease.ContainerId)).LogPath;

        // 120,000 lines of about 60 bytes, roughly 7 MB of JSON log, against 2 files of 1 MB.
        await Eventually.TrueAsync(
            async () => (await Docker.Containers.InspectContainerAsync(lease.ContainerId)).State.Running && File.Exists(logPath + ".1"),
            TimeSpan.FromSeconds(60),
            "the log has rotated");
        await Task.Delay(TimeSpan.FromSeconds(3));
        var files = Directory.GetFiles(Path.GetDirectoryName(logPath)!, Path.GetFileName(logPath) + "*");
        Assert.InRange(files.Length, 1, 2);
        Assert.All(files, f => Assert.True(new FileInfo(f).Length <= 1_100_000, $"{f} is {new FileInfo(f).Length} bytes"));
    }

    private static void Entry(Dictionary<string, string?> settings, string id, string script, int pids = 64, int memoryMb = 48)
    {
        settings[$"Catalog:Images:{id}:Image"] = TestSettings.Image;
        settings[$"Catalog:Images:{id}:Command:0"] = "sh";
        settings[$"Catalog:Images:{id}:Command:1"] = "-c";
        settings[$"Catalog:Images:{id}:Command:2"] = script;
        settings[$"Catalog:Images:{id}:PidsLimit"] = pids.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings[$"Catalog:Images:{id}:MemoryMb"] = memoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task BridgedEntry_IsOnTheInstallationsOwnBridge_AndReachesNeitherTheHostNorOtherLeases()
    {
        using var host = new TcpListener(IPAddress.Any, 0);
        host.Start();
        var port = ((IPEndPoint)host.LocalEndpoint).Port;
        var accepted = 0;
        _ = Task.Run(async () =>
        {
            while (true)
            {
                using var socket = await host.AcceptSocketAsync();
                Interlocked.Increment(ref accepted);
            }
        });

        // Control: a plain container on Docker's default bridge does reach the host's service. Its
        // gateway comes from its own default route: a freshly started engine's `network inspect bridge`
        // has no Gateway in its IPAM config.
        var (exitCode, output) = await RunOnDefaultBridgeAsync($"gw=$(ip route | awk '/^default/ {{ print $3 }}'); echo $gw; echo hi | nc -w 2 $gw {port}");
        var defaultGateway = output.Trim();
        Assert.True(exitCode == 0 && IPAddress.TryParse(defaultGateway, out _), $"control: exit {exitCode}, output '{output}'");
        await Eventually.TrueAsync(() => Task.FromResult(Volatile.Read(ref accepted) == 1), TimeSpan.FromSeconds(5), "the control reaches the host");

        using var client = App.CreateClient();
        var first = await client.ProvisionAsync("bridged");
        var second = await client.ProvisionAsync("bridged");
        var network = Assert.Single((await Docker.Containers.InspectContainerAsync(first.ContainerId)).NetworkSettings.Networks);
        Assert.Equal($"containerlease-{Installation}", network.Key);
        var secondAddress = (await Docker.Containers.InspectContainerAsync(second.ContainerId)).NetworkSettings.Networks[network.Key].IPAddress;

        // The host's service, through the bridge's own gateway and through Docker's default one.
        Assert.NotEqual(0, await ExecAsync(first.ContainerId, $"echo hi | nc -w 2 {network.Value.Gateway} {port}"));
        Assert.NotEqual(0, await ExecAsync(first.ContainerId, $"echo hi | nc -w 2 {defaultGateway} {port}"));
        Assert.Equal(1, Volatile.Read(ref accepted));

        // Another lease on the same bridge, listening; the host can reach it, a neighbour cannot.
        await ExecDetachedAsync(second.ContainerId, "nc -l -p 7000 -e true");
        await Eventually.TrueAsync(async () => await CanConnectAsync(secondAddress, 7000), TimeSpan.FromSeconds(10), "the neighbour's listener is up");
        await ExecDetachedAsync(second.ContainerId, "nc -l -p 7000 -e true");
        Assert.NotEqual(0, await ExecAsync(first.ContainerId, $"echo hi | nc -w 2 {secondAddress} 7000"));
    }

    private static async Task<bool> CanConnectAsync(string address, int port)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            await socket.ConnectAsync(IPAddress.Parse(address), port).WaitAsync(TimeSpan.FromSeconds(2));
            return true;
        }
        catch (Exception ex) when (ex is SocketException or TimeoutException)
        {
            return false;
        }
    }

    /// <summary>A container outside the app's sandbox, labelled with this installation so cleanup removes it. Returns its exit code and output.</summary>
    private async Task<(long ExitCode, string Output)> RunOnDefaultBridgeAsync(string command)
    {
        var created = await Docker.Containers.CreateContainerAsync(new CreateContainerParameters
        {
            Image = TestSettings.Image,
            Cmd = ["sh", "-c", command],
            Labels = new Dictionary<string, string> { [LeaseLabels.Installation] = Installation },
            HostConfig = new HostConfig { NetworkMode = "bridge" },
        });
        await Docker.Containers.StartContainerAsync(created.ID, new ContainerStartParameters());
        var exitCode = (await Docker.Containers.WaitContainerAsync(created.ID)).StatusCode;
        return (exitCode, await LogsAsync(created.ID));
    }

    private async Task ExecDetachedAsync(string containerId, string command)
    {
        var exec = await Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", command] });
        await Docker.Exec.StartContainerExecAsync(exec.ID);
    }

    private async Task<string> LogsAsync(string containerId)
    {
        using var stream = await Docker.Containers.GetContainerLogsAsync(containerId, false, new ContainerLogsParameters { ShowStdout = true, ShowStderr = true });
        var (stdout, stderr) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return stdout + stderr;
    }

    private async Task<long> ExitCodeAsync(string containerId) =>
        (await Docker.Containers.InspectContainerAsync(containerId)).State.ExitCode;

    private async Task<long> ExecAsync(string containerId, string command)
    {
        var exec = await Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", command], AttachStdout = true, AttachStderr = true });
        using (var stream = await Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false))
        {
            await stream.ReadOutputToEndAsync(CancellationToken.None);
        }

        return (await Docker.Exec.InspectContainerExecAsync(exec.ID)).ExitCode;
    }
}
