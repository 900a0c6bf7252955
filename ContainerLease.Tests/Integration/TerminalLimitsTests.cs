using ContainerLease.Mvc.Terminal;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>The terminal's settings, each made short or small through configuration: sessions per lease, the idle timeout, an entry with no shell.</summary>
public sealed class TerminalLimitsTests : PrivateApp
{
    private HubConnection _hub = null!;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Terminal:MaxSessionsPerLease"] = "2";
        settings["Terminal:IdleTimeout"] = "00:00:03";
        settings["Catalog:Images:noshell:Image"] = TestSettings.Image;
        settings["Catalog:Images:noshell:Command:0"] = "sleep";
        settings["Catalog:Images:noshell:Command:1"] = "3600";
        settings["Catalog:Images:noshell:Shell"] = "";
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _hub = App.Hub(TerminalHub.Path);
        await _hub.StartAsync();
    }

    protected override async Task DisposeMoreAsync() => await _hub.DisposeAsync();

    [Fact]
    public async Task ALeaseHoldsAtMostItsSessions_TheNextIsRefusedWithWhy_AndAClosedOneFreesItsPlace()
    {
        var lease = await ProvisionAsync("sleeper");
        var first = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
        await using var second = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        var refused = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(_hub, lease.LeaseId));
        Assert.Contains("This lease has 2 terminals open, the most one lease may have; close one first.", refused.Message, StringComparison.Ordinal);

        await first.DisposeAsync();
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    await using var third = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
                    return true;
                }
                catch (HubException)
                {
                    return false;
                }
            },
            TimeSpan.FromSeconds(10),
            "a third session opens once the first has closed");
    }

    [Fact]
    public async Task AnIdleSession_IsClosedWithANotice_AndInputKeepsItOpen()
    {
        var lease = await ProvisionAsync("sleeper");
        await using var busy = await TerminalClient.OpenAsync(_hub, lease.LeaseId);
        await using var idle = await TerminalClient.OpenAsync(_hub, lease.LeaseId);

        // The busy one types every second, for longer than the idle timeout.
        for (var i = 0; i < 5; i++)
        {
            await busy.SendAsync($"echo tick-{i}\r");
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        await idle.Ended.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal("The terminal was idle for 3 seconds and was closed; open it again to go on.", idle.Notice);
        Assert.False(busy.Ended.IsCompleted, "the session with input stays open");
    }

    [Fact]
    public async Task AnEntryWithNoShell_OffersNoTerminal()
    {
        var lease = await ProvisionAsync("noshell");

        var refused = await Assert.ThrowsAsync<HubException>(() => TerminalClient.OpenAsync(_hub, lease.LeaseId));

        Assert.Contains("The catalog entry noshell offers no terminal.", refused.Message, StringComparison.Ordinal);
    }

    private async Task<LeaseResponse> ProvisionAsync(string imageType)
    {
        using var client = App.CreateClient();
        return await client.ProvisionAsync(imageType);
    }
}
