using System.Net;
using System.Net.Http.Json;
using ContainerLease.Mvc.Auth;
using ContainerLease.Mvc.Live;
using ContainerLease.Tests.Integration.Infrastructure;
using Microsoft.AspNetCore.Http.Connections;
using Microsoft.AspNetCore.SignalR.Client;

namespace ContainerLease.Tests.Integration;

/// <summary>
/// /metrics of an app that runs as its own process: OpenTelemetry listens to every meter of a
/// name in the process, so with other apps in the test process their instruments would mix in.
/// </summary>
public sealed class MetricsTests : PrivateInstallation
{
    private AppProcess _app = null!;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        _app = await AppProcess.StartAsync(Settings);
    }

    public override async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await base.DisposeAsync();
    }

    [Fact]
    public async Task Metrics_InPrometheusFormat_CountProvisionsExpiriesAndActiveLeases()
    {
        var lease = await _app.ProvisionAsync(1);
        await Eventually.TrueAsync(async () => (await _app.GetLeaseAsync(lease.LeaseId)).Status != "active", TimeSpan.FromSeconds(15), "the lease expires");

        using var admin = Client(TestUsers.Admin);
        string text = string.Empty;
        await Eventually.TrueAsync(
            // The expiry job records the lag; on a loaded machine the sweep can expire the lease
            // first, and then it is counted among what the sweep did.
            async () => (text = await admin.GetStringAsync("/metrics")).Contains("containerlease_expiry_lag_seconds_count", StringComparison.Ordinal)
                || text.Contains("action=\"expired\"", StringComparison.Ordinal),
            TimeSpan.FromSeconds(15),
            "the expiry shows in the metrics");

        Assert.Contains("containerlease_provisions_total{otel_scope_name=\"ContainerLease\",outcome=\"created\"}", text, StringComparison.Ordinal);
        Assert.Contains("containerlease_provision_duration_seconds_bucket", text, StringComparison.Ordinal);
        Assert.Contains("containerlease_leases_active", text, StringComparison.Ordinal);
        Assert.Contains("containerlease_log_streams_open", text, StringComparison.Ordinal);
        Assert.Contains("containerlease_sweeps_total", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActiveLeasesGauge_CountsALeaseWhileItIsActive_AndRuntimeMemoryIsExported()
    {
        var lease = await _app.ProvisionAsync(60);
        using var admin = Client(TestUsers.Admin);
        string text = string.Empty;
        await Eventually.TrueAsync(
            async () => ActiveLeases(text = await admin.GetStringAsync("/metrics")) == 1,
            TimeSpan.FromSeconds(15),
            "the gauge counts the active lease");

        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        using var _ = await admin.DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task MetricsRole_ReadsMetrics_AndNothingElse()
    {
        using var prometheus = Client(TestUsers.Prometheus);
        Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync("/metrics")).StatusCode);
        foreach (var path in new[] { "/api/containers", "/", "/leases/list", "/hangfire" })
        {
            using var response = await prometheus.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden, $"{path} answered {response.StatusCode} to the metrics role");
        }

        using var provision = await prometheus.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, provision.StatusCode);
        await using var hub = new HubConnectionBuilder()
            .WithUrl(new Uri(_app.Client.BaseAddress!, LeaseEventsHub.Path), options =>
            {
                options.Transports = HttpTransportType.WebSockets;
                options.Headers[ApiKeyHandler.Header] = TestUsers.Prometheus.ApiKey;
            })
            .Build();
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());

        // A plain user may not read the metrics; an admin may.
        using var alice = Client(TestUsers.Alice);
        Assert.Equal(HttpStatusCode.Forbidden, (await alice.GetAsync("/metrics")).StatusCode);
        using var admin = Client(TestUsers.Admin);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/metrics")).StatusCode);
    }

    private HttpClient Client(TestUser user) => new HttpClient { BaseAddress = _app.Client.BaseAddress }.As(user);

    private static long ActiveLeases(string metrics) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith("containerlease_leases_active", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) // name{labels} value [timestamp]
            : -1;
}
