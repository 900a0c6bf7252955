using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using ContainerLease.Mvc.Terminal;
using ContainerLease.Tests.Integration.Infrastructure;
using Docker.DotNet.Models;
using Microsoft.AspNetCore.SignalR;

namespace ContainerLease.Tests.Integration;

/// <summary>Pause and resume through the API, on the real engine's freezer.</summary>
[Collection(SharedApp.Name)]
public sealed class PauseTests(AppFixture app)
{
    [Fact]
    public async Task Pause_FreezesTheContainer_AndResume_ContinuesWhereItStopped()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await RunDetachedAsync(lease.ContainerId, "i=0; while true; do i=$((i+1)); echo $i > /tmp/count; sleep 0.1; done");
        await Eventually.TrueAsync(async () => await CountAsync(lease.ContainerId) > 5, TimeSpan.FromSeconds(10), "the counter counts");

        var paused = await PostAsync($"/api/leases/{lease.LeaseId}/pause");
        Assert.Equal("paused", paused.GetProperty("status").GetString());
        Assert.True(paused.TryGetProperty("pausedAt", out var pausedAt) && pausedAt.ValueKind == JsonValueKind.String);
        Assert.True((await app.Docker.Containers.InspectContainerAsync(lease.ContainerId)).State.Paused);
        Assert.Equal("paused", (await app.GetLeaseAsync(lease.LeaseId)).Status);
        await Task.Delay(TimeSpan.FromSeconds(2)); // twenty counts, were it running

        var resumed = await PostAsync($"/api/leases/{lease.LeaseId}/resume");
        var atResume = await CountAsync(lease.ContainerId);
        Assert.Equal("active", resumed.GetProperty("status").GetString());
        Assert.False((await app.Docker.Containers.InspectContainerAsync(lease.ContainerId)).State.Paused);
        await Eventually.TrueAsync(async () => await CountAsync(lease.ContainerId) > atResume + 3, TimeSpan.FromSeconds(10), "the counter counts on from where it stopped");
        var history = (await app.GetLeaseAsync(lease.LeaseId)).History!;
        Assert.Contains(history, e => e.Kind == "paused" && e.Detail == "by alice");
        Assert.Contains(history, e => e.Kind == "resumed" && e.Detail == "by alice");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task APausedLease_RefusesATerminal_SaysWhy_AndExpiresOnTime()
    {
        var lease = await app.ProvisionAsync("sleeper", 4);
        await PostAsync($"/api/leases/{lease.LeaseId}/pause");

        await using var hub = app.Hub(TerminalHub.Path);
        await hub.StartAsync();
        var refused = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(hub, lease.LeaseId));
        Assert.Contains("is paused; resume it first", refused.Message, StringComparison.Ordinal);

        await Eventually.TrueAsync(async () => (await app.GetLeaseAsync(lease.LeaseId)).Status == "expired", TimeSpan.FromSeconds(20), "the paused lease expires");
        await Assert.ThrowsAsync<global::Docker.DotNet.DockerContainerNotFoundException>(() => app.Docker.Containers.InspectContainerAsync(lease.ContainerId));
    }

    [Fact]
    public async Task PausingTwice_ResumingARunningLease_AnEndedLease_AndAnotherUsersLease_AreRefusedWithWhy()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await PostAsync($"/api/leases/{lease.LeaseId}/pause");

        await LeaseApi.AssertProblemAsync(await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/pause", null), HttpStatusCode.Conflict, $"Lease {lease.LeaseId} is already paused.");
        using var bob = app.App.CreateClient().As(TestUsers.Bob);
        await LeaseApi.AssertProblemAsync(await bob.PostAsync($"/api/leases/{lease.LeaseId}/resume", null), HttpStatusCode.NotFound, "no lease");
        await PostAsync($"/api/leases/{lease.LeaseId}/resume");
        await LeaseApi.AssertProblemAsync(await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/resume", null), HttpStatusCode.Conflict, $"Lease {lease.LeaseId} is not paused.");

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        await LeaseApi.AssertProblemAsync(await app.Client.PostAsync($"/api/leases/{lease.LeaseId}/pause", null), HttpStatusCode.Conflict, "has ended; there is nothing to pause.");
    }

    private async Task<JsonElement> PostAsync(string path)
    {
        using var response = await app.Client.PostAsync(path, null);
        Assert.True(response.IsSuccessStatusCode, $"{path}: {response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    private async Task RunDetachedAsync(string containerId, string script)
    {
        var exec = await app.Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["sh", "-c", script] });
        await app.Docker.Exec.StartContainerExecAsync(exec.ID);
    }

    private async Task<int> CountAsync(string containerId)
    {
        var exec = await app.Docker.Exec.ExecCreateContainerAsync(containerId, new ContainerExecCreateParameters { Cmd = ["cat", "/tmp/count"], AttachStdout = true, AttachStderr = true });
        using var stream = await app.Docker.Exec.StartAndAttachContainerExecAsync(exec.ID, false);
        var (stdout, _) = await stream.ReadOutputToEndAsync(CancellationToken.None);
        return int.TryParse(stdout.Trim(), out var count) ? count : 0;
    }
}
