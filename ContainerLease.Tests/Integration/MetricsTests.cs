using System.Net;
using System.Net.Http.Json;
using ContainerLease.Tests.Integration.Infrastructure;

namespace ContainerLease.Tests.Integration;

[Collection(SharedApp.Name)]
public sealed class MetricsTests(AppFixture app)
{
    [Fact]
    public async Task Metrics_InPrometheusFormat_CountProvisionsExpiriesAndActiveLeases()
    {
        var lease = await app.ProvisionAsync(seconds: 1);
        await Eventually.TrueAsync(async () => !await app.ContainerExistsAsync(lease.ContainerId), TimeSpan.FromSeconds(15), "the lease expires");

        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        string text = string.Empty;
        await Eventually.TrueAsync(
            async () => (text = await admin.GetStringAsync("/metrics")).Contains("containerlease_expiry_lag_seconds_count", StringComparison.Ordinal),
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
        var lease = await app.ProvisionAsync(seconds: 60);
        using var admin = app.App.CreateClient().As(TestUsers.Admin);
        string text = string.Empty;
        await Eventually.TrueAsync(
            async () => ActiveLeases(text = await admin.GetStringAsync("/metrics")) >= 1,
            TimeSpan.FromSeconds(15),
            "the gauge counts the active lease");

        Assert.Contains("dotnet_process_memory_working_set_bytes", text, StringComparison.Ordinal);
        using var _ = await app.App.CreateClient().DeleteAsync($"/api/leases/{lease.LeaseId}");
    }

    [Fact]
    public async Task MetricsRole_ReadsMetrics_AndNothingElse()
    {
        using var prometheus = app.App.CreateClient().As(TestUsers.Prometheus);
        Assert.Equal(HttpStatusCode.OK, (await prometheus.GetAsync("/metrics")).StatusCode);
        foreach (var path in new[] { "/api/containers", "/", "/leases/list", "/hangfire" })
        {
            using var response = await prometheus.GetAsync(path);
            Assert.True(response.StatusCode is HttpStatusCode.Forbidden, $"{path} answered {response.StatusCode} to the metrics role");
        }

        using var provision = await prometheus.PostAsJsonAsync("/api/provision", new { imageType = "sleeper", durationSeconds = 30 });
        Assert.Equal(HttpStatusCode.Forbidden, provision.StatusCode);
        await using var hub = app.App.Hub(ContainerLease.Mvc.Live.LeaseEventsHub.Path, TestUsers.Prometheus);
        await Assert.ThrowsAnyAsync<Exception>(() => hub.StartAsync());

        // A plain user may not read the metrics; an admin may.
        Assert.Equal(HttpStatusCode.Forbidden, (await app.App.CreateClient().As(TestUsers.Alice).GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.App.CreateClient().As(TestUsers.Admin).GetAsync("/metrics")).StatusCode);
    }

    private static long ActiveLeases(string metrics) =>
        metrics.Split('\n').FirstOrDefault(l => l.StartsWith("containerlease_leases_active", StringComparison.Ordinal)) is { } line
            ? long.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture) // name{labels} value [timestamp]
            : -1;
}
