using System.Net.Http.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// On the real engine: a container that writes past its entry's <c>DiskMb</c> is ended by the
/// sweep with the reason <c>disk-limit</c>, one that stays under it is not, and <c>User</c> runs
/// the process as that user.
/// </summary>
public sealed class DiskAndUserTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        foreach (var (id, megabytes) in new[] { ("filler", "20"), ("modest", "1") })
        {
            settings[$"Catalog:Images:{id}:Image"] = TestSettings.Image;
            settings[$"Catalog:Images:{id}:Command:0"] = "sh";
            settings[$"Catalog:Images:{id}:Command:1"] = "-c";
            settings[$"Catalog:Images:{id}:Command:2"] = $"dd if=/dev/zero of=/written bs=1M count={megabytes} 2>/dev/null; echo written; sleep 3600";
            settings[$"Catalog:Images:{id}:DiskMb"] = "5";
        }

        settings["Catalog:Images:nobody:Image"] = TestSettings.Image;
        settings["Catalog:Images:nobody:Command:0"] = "sh";
        settings["Catalog:Images:nobody:Command:1"] = "-c";
        settings["Catalog:Images:nobody:Command:2"] = "echo \"uid=$(id -u) gid=$(id -g)\"; sleep 3600";
        settings["Catalog:Images:nobody:User"] = "65534:65534";
    }

    [Fact]
    public async Task AContainerThatWritesPastItsDiskLimit_IsEndedWithDiskLimit_AndOneUnderItIsNot()
    {
        using var client = App.CreateClient();
        var filler = await client.ProvisionAsync("filler", 300);
        var modest = await client.ProvisionAsync("modest", 300);

        await Eventually.TrueAsync(
            async () => (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{filler.LeaseId}"))!.Status == "disk-limit",
            TimeSpan.FromSeconds(30),
            "the lease that wrote 20 MB of its 5 is ended with disk-limit");

        Assert.DoesNotContain(await Cleanup.ContainersAsync(Docker, Installation), c => c.ID == filler.ContainerId);
        var kept = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{modest.LeaseId}"))!;
        Assert.Equal("active", kept.Status);
        var ended = (await client.GetFromJsonAsync<LeaseResponse>($"/api/leases/{filler.LeaseId}"))!;
        Assert.Equal("disk-limit", ended.EndReason);
    }

    [Fact]
    public async Task User_RunsTheProcessAsThatUser()
    {
        using var client = App.CreateClient();
        var lease = await client.ProvisionAsync("nobody", 300);
        await using var hub = App.Hub(LogsHub.Path);
        await hub.StartAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));

        await foreach (var item in hub.StreamAsync<LogItem>("StreamLogs", lease.LeaseId, null, 0, timeout.Token))
        {
            if (item.Stream == "stdout")
            {
                Assert.Equal("uid=65534 gid=65534", item.Message);
                return;
            }
        }

        Assert.Fail("the container printed nothing");
    }
}
