using ContainerLease.Domain.Leases;
using ContainerLease.Mvc.Live;
using ContainerLease.Mvc.Storage;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.SignalR;
using Microsoft.AspNetCore.SignalR.Client;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace ContainerLease.Tests.Integration;

/// <summary>The log hub sends detailed errors for bad arguments, but an error nobody expected never shows the client its type or its words.</summary>
public sealed class LogsHubErrorTests : PrivateApp
{
    [Fact]
    public async Task AnUnexpectedError_ReachesTheViewerAsAPlainSentence()
    {
        var id = LeaseId.New();
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString))
        {
            // A record no version of the app wrote: reading it fails in the JSON reader.
            await redis.GetDatabase().HashSetAsync(App.Services.GetRequiredService<RedisKeys>().Lease(id), [new("v", 1), new("data", "{not json")]);
        }

        await using var hub = App.Hub(LogsHub.Path);
        await hub.StartAsync();

        var error = await Assert.ThrowsAsync<HubException>(async () =>
        {
            await foreach (var _ in hub.StreamAsync<LogItem>("StreamLogs", id.Value, null, 0))
            {
            }
        });

        Assert.Contains("Opening the log failed; the error was logged.", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Json", error.Message, StringComparison.OrdinalIgnoreCase);
    }
}
