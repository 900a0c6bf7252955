using System.Diagnostics.Metrics;
using System.Net.Http.Json;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// What one user can hold open is bounded: log streams over all their connections
/// (<c>Logs:MaxStreamsPerUser</c>) and hub connections (<c>Live:MaxConnectionsPerUser</c>); the next
/// is refused with a message that says so and counted, and other users are not affected.
/// </summary>
public sealed class LiveLimitsTests : PrivateApp
{
    protected override void Configure(Dictionary<string, string?> settings)
    {
        settings["Logs:MaxStreamsPerUser"] = "2";
        settings["Live:MaxConnectionsPerUser"] = "3";
    }

    [Fact]
    public async Task AUsersThirdLogStream_IsRefusedOnAnyConnection_AndCounted_WhileOtherUsersStreamOn()
    {
        using var refused = new InstrumentCount(App.Services.GetRequiredService<IMeterFactory>(), "containerlease.log_streams.refused");
        var alices = await ProvisionAsync(TestUsers.Alice);
        var bobs = await ProvisionAsync(TestUsers.Bob);
        var open = App.Services.GetRequiredService<OpenLogStreams>();
        await using var first = await ConnectedAsync(TestUsers.Alice);
        await using var second = await ConnectedAsync(TestUsers.Alice);
        using var stopFirst = new CancellationTokenSource();
        using var stopAll = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var streaming = new[] { Follow(first, alices, stopFirst.Token), Follow(first, alices, stopAll.Token) };
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 2), TimeSpan.FromSeconds(10), "alice's two streams are open");

        var error = await Assert.ThrowsAsync<HubException>(() => Follow(second, alices, stopAll.Token));

        Assert.Contains("2 log streams open, the most one user may have", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, refused.Total);
        await using var bob = await ConnectedAsync(TestUsers.Bob);
        var bobsStream = Follow(bob, bobs, stopAll.Token);
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 3), TimeSpan.FromSeconds(10), "bob's stream is open beside alice's two");

        await stopFirst.CancelAsync();
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 2), TimeSpan.FromSeconds(10), "alice's first stream has closed");
        var again = Follow(second, alices, stopAll.Token);
        await Eventually.TrueAsync(() => Task.FromResult(open.Count == 3), TimeSpan.FromSeconds(10), "alice may open a stream again");

        await stopAll.CancelAsync();
        await Task.WhenAll([.. streaming, bobsStream, again]);
    }

    [Fact]
    public async Task AUsersFourthConnection_IsClosed_WhileOtherUsersConnect()
    {
        using var refused = new InstrumentCount(App.Services.GetRequiredService<IMeterFactory>(), "containerlease.hub_connections.refused");
        var held = new List<HubConnection>
        {
            await ConnectedAsync(TestUsers.Alice, LeaseEventsHub.Path),
            await ConnectedAsync(TestUsers.Alice, LogsHub.Path),
            await ConnectedAsync(TestUsers.Alice, LeaseEventsHub.Path),
        };
        try
        {
            // A hub counts a connection once its OnConnected has run, which may be after the client's start returned.
            var connections = App.Services.GetRequiredService<ConnectionsPerUser>();
            await Eventually.TrueAsync(() => Task.FromResult(connections.HeldBy(TestUsers.Alice.Name) == 3), TimeSpan.FromSeconds(10), "alice's three connections are counted");
            await using var fourth = App.Hub(LeaseEventsHub.Path, TestUsers.Alice);
            var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            fourth.Closed += _ =>
            {
                closed.TrySetResult();
                return Task.CompletedTask;
            };
            var started = await Record.ExceptionAsync(() => fourth.StartAsync());
            if (started is null)
            {
                await closed.Task.WaitAsync(TimeSpan.FromSeconds(10)); // accepted by the transport, then closed by the hub
            }

            Assert.Equal(1, refused.Total);
            Assert.All(held, c => Assert.Equal(HubConnectionState.Connected, c.State));
            await using var bob = await ConnectedAsync(TestUsers.Bob, LeaseEventsHub.Path);

            await held[0].DisposeAsync();
            held.RemoveAt(0);
            await Eventually.TrueAsync(
                async () =>
                {
                    var next = await ConnectedAsync(TestUsers.Alice, LeaseEventsHub.Path);
                    await Task.Delay(500);
                    var stays = next.State == HubConnectionState.Connected;
                    held.Add(next);
                    return stays;
                },
                TimeSpan.FromSeconds(10),
                "alice may connect again once she closed one");
        }
        finally
        {
            foreach (var connection in held)
            {
                await connection.DisposeAsync();
            }
        }
    }

    private async Task<string> ProvisionAsync(TestUser user)
    {
        using var client = App.CreateClient().As(user);
        using var response = await client.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 120 });
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<LeaseResponse>())!.LeaseId;
    }

    private async Task<HubConnection> ConnectedAsync(TestUser user, string path = LogsHub.Path)
    {
        var connection = App.Hub(path, user);
        await connection.StartAsync();
        return connection;
    }

    /// <summary>Reads a lease's log until told to stop; a refusal surfaces as the hub's error.</summary>
    private static async Task Follow(HubConnection connection, string leaseId, CancellationToken stop)
    {
        try
        {
            await foreach (var _ in connection.StreamAsync<LogItem>("StreamLogs", leaseId, null, 0, stop))
            {
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // Stopped by the test.
        }
    }

    /// <summary>Sums one counter of this app's own meters (the meter factory is per app, so other apps in the process do not count).</summary>
    private sealed class InstrumentCount : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _total;

        public InstrumentCount(IMeterFactory meters, string name)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Name == name && ReferenceEquals(instrument.Meter.Scope, meters))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _total, value));
            _listener.Start();
        }

        public long Total => Interlocked.Read(ref _total);

        public void Dispose() => _listener.Dispose();
    }
}
