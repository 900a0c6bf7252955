using System.Collections.Concurrent;
using ContainerLease.Domain.Leases;
using ContainerLease.Domain.Ports;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ContainerLease.Tests.Integration.Faults;

/// <summary>The app starts while Redis is down, and a page connects before it returns.</summary>
public sealed class RedisDownAtStartTests : PrivateApp
{
    [Fact]
    public async Task Backplane_FirstUsedWhileRedisIsDown_PushesOnceRedisReturns()
    {
        await Redis.StopAsync();
        await using (var early = App.Hub(LeaseEventsHub.Path))
        {
            // The backplane asks for its Redis connection now and is refused; the page may be refused too.
            await Record.ExceptionAsync(() => early.StartAsync());
        }

        await Redis.RestartAsync();
        var redis = App.Services.GetRequiredService<IConnectionMultiplexer>();
        await Eventually.TrueAsync(() => Task.FromResult(redis.IsConnected), TimeSpan.FromSeconds(15), "the app reconnects to Redis");

        var pushed = new ConcurrentQueue<string>();
        await using var page = App.Hub(LeaseEventsHub.Path);
        page.On<string>(LeaseEventsHub.ChangedMethod, pushed.Enqueue);
        await page.StartAsync();
        var id = LeaseId.Parse("0123456789abcdef0123456789abcdef");
        var lease = new Lease
        {
            Id = id,
            ContainerId = "none",
            ImageType = "sleeper",
            Owner = TestUsers.Alice.Name,
            CreatedAt = DateTimeOffset.UnixEpoch,
            ExpiresAt = DateTimeOffset.UnixEpoch,
        };
        var events = App.Services.GetRequiredService<ILeaseEvents>();

        // Told again until heard: the client's start completes before the server has taken the
        // connection in, and this first connection is the one that brings the backplane up.
        await Eventually.TrueAsync(
            async () =>
            {
                await events.ChangedAsync(lease);
                await Task.Delay(200);
                return pushed.Contains(id.Value);
            },
            TimeSpan.FromSeconds(10),
            "the page hears of the change through the backplane");
    }
}
