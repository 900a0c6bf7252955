using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Auth;
using ContainerLease.Tests.Integration.Infrastructure;
using StackExchange.Redis;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// An audit log that cannot be written fails nothing: the lease operation succeeds, and the
/// failure is counted in /metrics. The app runs as its own process, as in <see cref="MetricsTests"/>.
/// </summary>
public sealed class AuditFailureTests : PrivateInstallation
{
    private AppProcess _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();

        // The stream's key holds a string, so every XADD is refused (WRONGTYPE) while leases work on.
        await using var redis = await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString);
        await redis.GetDatabase().StringSetAsync($"containerlease:{Installation}:audit", "not a stream");
        _app = await AppProcess.StartAsync(Settings);
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task AFailedAuditWrite_FailsNoLeaseOperation_AndIsCounted()
    {
        var lease = await _app.ProvisionAsync(60);
        using (var extended = await _app.Client.PostAsJsonAsync($"/api/leases/{lease.LeaseId}/extend", new { durationSeconds = 60 }))
        {
            Assert.Equal(HttpStatusCode.OK, extended.StatusCode);
        }

        using var admin = new HttpClient { BaseAddress = _app.Client.BaseAddress };
        admin.DefaultRequestHeaders.Add(ApiKeyHandler.Header, TestUsers.Admin.ApiKey);
        var text = await admin.GetStringAsync("/metrics");
        var line = text.Split('\n').Single(l => l.StartsWith("containerlease_audit_write_failures_total", StringComparison.Ordinal));
        Assert.True(double.Parse(line.Split(' ')[^1], System.Globalization.CultureInfo.InvariantCulture) >= 2, line);
        Assert.Equal("active", (await _app.GetLeaseAsync(lease.LeaseId)).Status);
    }
}
