using System.Net.Http.Json;
using ContainerLease.Mvc.Terminal;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>The terminal hub through a real SignalR client, on shells in containers of the real engine.</summary>
[Collection(SharedApp.Name)]
public sealed class TerminalHubTests(AppFixture app) : IAsyncLifetime
{
    private HubConnection _hub = null!;

    public async Task InitializeAsync()
    {
        _hub = app.Hub(TerminalHub.Path);
        await _hub.StartAsync();
    }

    public async Task DisposeAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task WhatIsTypedRuns_AndItsOutputComesBack()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        await terminal.SendAsync("echo $((6*7))-ok\r");

        await terminal.WaitForAsync("42-ok");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task MultiByteCharacters_ArriveWhole_AcrossReads()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        // 3,000 times 17 bytes: reads of any size split some characters; the server's decoder joins them.
        await terminal.SendAsync("i=0; while [ $i -lt 3000 ]; do printf 'héllo ✓ 漢字|'; i=$((i+1)); done; echo; echo fin''ished\r");

        await terminal.WaitForAsync("finished", seconds: 30);
        Assert.DoesNotContain('\uFFFD', terminal.Screen);
        Assert.True(TerminalClient.Occurrences(terminal.Screen, "héllo ✓ 漢字|") >= 3000, "every repetition arrived whole");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task TheTtyFollowsTheSizeTheClientSends()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId, columns: 91, rows: 27);

        await terminal.SendAsync("stty size\r");
        await terminal.WaitForAsync("27 91");

        await terminal.ResizeAsync(132, 43);
        await terminal.SendAsync("stty size\r");
        await terminal.WaitForAsync("43 132");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task CtrlC_ReachesTheRunningProcess()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        await terminal.SendAsync("sleep 301\r");
        await Eventually.TrueAsync(async () => (await ProcessesAsync(lease.ContainerId)).Any(p => p.Contains("sleep 301", StringComparison.Ordinal)), TimeSpan.FromSeconds(10), "sleep 301 runs");
        await terminal.SendAsync("\u0003");
        await terminal.SendAsync("echo interrupted-$?\r");

        await terminal.WaitForAsync("interrupted-130");
        Assert.DoesNotContain(await ProcessesAsync(lease.ContainerId), p => p.Contains("sleep 301", StringComparison.Ordinal));
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task TheStreamEndsWithANotice_WhenTheShellExits_AndTheHistorySaysWhoAndHowLong()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        await terminal.SendAsync("exit 3\r");

        await terminal.Ended.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal("The shell exited with code 3.", terminal.Notice);
        var history = (await app.GetLeaseAsync(lease.LeaseId)).History!;
        Assert.Contains(history, e => e.Kind == "terminal-opened" && e.Detail == "by alice");
        Assert.Contains(history, e => e.Kind == "terminal-closed" && e.Detail!.StartsWith("by alice after ", StringComparison.Ordinal) && e.Detail.EndsWith("The shell exited with code 3.", StringComparison.Ordinal));
        Assert.DoesNotContain(history, e => e.Detail?.Contains("exit 3", StringComparison.Ordinal) == true);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task TheStreamEndsWithANotice_WhenTheLeaseEnds()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
        await terminal.SendAsync("echo ready\r");
        await terminal.WaitForAsync("ready", times: 2);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");

        await terminal.Ended.WaitAsync(TimeSpan.FromSeconds(20));
        Assert.Equal(TerminalHub.LeaseEndedNotice, terminal.Notice);
    }

    [Fact]
    public async Task ClosingTheTerminal_EndsTheShellAndEverythingItStarted()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        var open = app.App.Services.GetRequiredService<OpenTerminals>();
        var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
        await terminal.SendAsync("sleep 302 & sh -c 'sleep 303' &\r");
        await Eventually.TrueAsync(async () => (await ProcessesAsync(lease.ContainerId)).Count(p => p.Contains("sleep 30", StringComparison.Ordinal)) == 2, TimeSpan.FromSeconds(10), "the shell's children run");

        await terminal.DisposeAsync();

        await Eventually.TrueAsync(
            async () => !(await ProcessesAsync(lease.ContainerId)).Any(p => p.Contains("sleep 30", StringComparison.Ordinal) || p.Contains("/bin/sh", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(10),
            "the shell and its children are gone");
        Assert.Contains(await ProcessesAsync(lease.ContainerId), p => p.Contains("sleep 3600", StringComparison.Ordinal));
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 0), TimeSpan.FromSeconds(5), "no session stays open");
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task AnotherUsersLease_IsRefusedAsAMissingOne_AndSoIsAnEndedLease()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var bob = app.App.Hub(TerminalHub.Path, TestUsers.Bob);
        await bob.StartAsync();

        var refused = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(bob, lease.LeaseId));
        var missing = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(bob, "0123456789abcdef0123456789abcdef"));
        Assert.Equal(missing.Message.Replace("0123456789abcdef0123456789abcdef", lease.LeaseId, StringComparison.Ordinal), refused.Message);

        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
        var ended = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(_hub, lease.LeaseId));
        Assert.Contains("ended", ended.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 24)]
    [InlineData(80, 0)]
    [InlineData(1001, 24)]
    public async Task ASizeOutOfRange_IsRefused_AndStartsNothing(int columns, int rows)
    {
        var lease = await app.ProvisionAsync("sleeper", 120);

        var error = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(_hub, lease.LeaseId, columns, rows));

        Assert.Contains("between 1 and 1000", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(await ProcessesAsync(lease.ContainerId), p => p.Contains("/bin/sh", StringComparison.Ordinal));
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task InputToASessionOfAnotherConnection_IsRefused()
    {
        var lease = await app.ProvisionAsync("sleeper", 120);
        await using var terminal = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
        await using var other = app.Hub(TerminalHub.Path);
        await other.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(() => other.InvokeAsync(nameof(TerminalHub.Input), terminal.SessionId, "touch /tmp/intruder\r"));

        Assert.Contains("closed", error.Message, StringComparison.Ordinal);
        await terminal.SendAsync("ls /tmp/intruder || echo no-intruder\r");
        await terminal.WaitForAsync("no-intruder", times: 2);
        await app.Client.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    private Task<List<string>> ProcessesAsync(string containerId) => ContainerProcesses.CommandsAsync(app.Docker, containerId);
}
